import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { bookJson, initialBooks, type Book } from './bookshop-catalog.ts';
import { bookshopOpenApi } from './bookshop-openapi.ts';
import { coverPng } from './cover-image.ts';

export interface RunningBookshopApi {
  /** e.g. http://127.0.0.1:8090 */
  url: string;
  port: number;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 64 * 1024;

function sendJson(res: http.ServerResponse, status: number, body: unknown) {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error(`the body exceeds ${MAX_BODY_BYTES} bytes`));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** Checks a new book; answers the problem, if any. */
function newBookProblem(value: unknown): string | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    return 'the body must be a JSON object';
  const body = value as Record<string, unknown>;
  for (const field of ['title', 'author']) {
    if (typeof body[field] !== 'string' || (body[field] as string).trim() === '')
      return `${field} is required and must be a non-empty string`;
  }
  if (body.year !== undefined && !Number.isInteger(body.year)) return 'year must be an integer';
  if (body.price !== undefined && !(typeof body.price === 'number' && body.price >= 0))
    return 'price must be a number of at least 0';
  return undefined;
}

/**
 * The demo's sample REST API: a bookshop with JSON answers and one PNG endpoint, plus its own
 * OpenAPI document at /openapi.json. Books added with POST live until the process ends.
 */
export function createBookshopHandler(
  baseUrl: () => string,
): (req: http.IncomingMessage, res: http.ServerResponse) => void {
  const books: Book[] = initialBooks();
  const covers = new Map<number, Buffer>();

  async function handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://bookshop');
    const method = req.method ?? 'GET';
    const segments = url.pathname.split('/').filter((s) => s !== '');
    if (method === 'GET' && url.pathname === '/openapi.json') {
      return sendJson(res, 200, bookshopOpenApi(baseUrl()));
    }
    if (segments[0] !== 'books' || segments.length > 3) {
      return sendJson(res, 404, { error: `no such resource: ${url.pathname}` });
    }
    if (segments.length === 1) {
      if (method === 'GET') {
        const author = url.searchParams.get('author')?.toLowerCase();
        const inStock = url.searchParams.get('inStock') === 'true';
        const found = books.filter(
          (b) =>
            (author === undefined || b.author.toLowerCase().includes(author)) &&
            (!inStock || b.inStock > 0),
        );
        return sendJson(res, 200, { books: found.map(bookJson), total: found.length });
      }
      if (method === 'POST') {
        let value: unknown;
        try {
          value = JSON.parse(await readBody(req));
        } catch (error) {
          return sendJson(res, 400, { error: `the body is not JSON: ${(error as Error).message}` });
        }
        const problem = newBookProblem(value);
        if (problem) return sendJson(res, 400, { error: problem });
        const body = value as Record<string, unknown>;
        const book: Book = {
          id: Math.max(0, ...books.map((b) => b.id)) + 1,
          title: (body.title as string).trim(),
          author: (body.author as string).trim(),
          year: (body.year as number | undefined) ?? new Date().getUTCFullYear(),
          price: (body.price as number | undefined) ?? 10,
          inStock: 1,
          rgb: [60 + ((books.length * 47) % 160), 100, 140],
        };
        books.push(book);
        return sendJson(res, 201, bookJson(book));
      }
      return sendJson(res, 405, { error: `${method} is not allowed on /books` });
    }
    const id = Number(segments[1]);
    const book = Number.isInteger(id) ? books.find((b) => b.id === id) : undefined;
    if (method !== 'GET') return sendJson(res, 405, { error: `${method} is not allowed here` });
    if (!book) return sendJson(res, 404, { error: `no book has the id ${segments[1]}` });
    if (segments.length === 2) return sendJson(res, 200, bookJson(book));
    if (segments[2] !== 'cover') {
      return sendJson(res, 404, { error: `no such resource: ${url.pathname}` });
    }
    let png = covers.get(book.id);
    if (!png) {
      png = coverPng(48, 72, book.rgb);
      covers.set(book.id, png);
    }
    res.writeHead(200, { 'content-type': 'image/png', 'content-length': png.length });
    res.end(png);
  }

  return (req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { error: (error as Error).message });
      else res.destroy();
    });
  };
}

/** Serves the sample API on loopback; port 0 takes a free port. */
export async function startBookshopApi(port: number): Promise<RunningBookshopApi> {
  let url = '';
  const server = http.createServer(createBookshopHandler(() => url));
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const bound = (server.address() as AddressInfo).port;
  url = `http://127.0.0.1:${bound}`;
  return {
    url,
    port: bound,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
