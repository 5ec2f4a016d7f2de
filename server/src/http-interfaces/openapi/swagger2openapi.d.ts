// The parts of swagger2openapi (JavaScript, no bundled types) that the importer calls.
declare module 'swagger2openapi' {
  interface ConvertOptions {
    patch?: boolean;
    warnOnly?: boolean;
    warnProperty?: string;
    resolve?: boolean;
    direct?: boolean;
    text?: string;
  }
  export function convertObj(
    swagger: Record<string, unknown>,
    options: ConvertOptions,
  ): Promise<{ openapi: Record<string, unknown> } | Record<string, unknown>>;
  const swagger2openapi: { convertObj: typeof convertObj };
  export default swagger2openapi;
}
