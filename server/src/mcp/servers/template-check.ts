import { parseTemplate } from '../templates/parser.ts';
import type { DefinitionProblem } from './definition-validation.ts';
import type { ServerDefinition, Tool } from './model.ts';

/**
 * Template syntax of every template field of every tool, by the template parser (the same one
 * publishing compiles with). Each problem names the tool, the field, and the line and column
 * inside that field's text.
 */

interface TemplateField {
  /** JSON pointer segments below the tool. */
  segments: Array<string | number>;
  /** The field as people name it, e.g. `requestTemplate.headers[0].value`. */
  field: string;
  text: string;
}

function templateFields(tool: Tool): TemplateField[] {
  const fields: TemplateField[] = [];
  const add = (segments: Array<string | number>, field: string, text: string | undefined) => {
    if (text !== undefined) fields.push({ segments, field, text });
  };
  const request = tool.requestTemplate;
  if (request) {
    add(['requestTemplate', 'url'], 'requestTemplate.url', request.url);
    request.headers?.forEach((header, index) =>
      add(
        ['requestTemplate', 'headers', index, 'value'],
        `requestTemplate.headers[${index}].value`,
        header.value,
      ),
    );
    add(['requestTemplate', 'body'], 'requestTemplate.body', request.body);
  }
  const response = tool.responseTemplate;
  if (response) {
    add(['responseTemplate', 'body'], 'responseTemplate.body', response.body);
    add(['responseTemplate', 'prependBody'], 'responseTemplate.prependBody', response.prependBody);
    add(['responseTemplate', 'appendBody'], 'responseTemplate.appendBody', response.appendBody);
  }
  add(['errorResponseTemplate'], 'errorResponseTemplate', tool.errorResponseTemplate);
  return fields;
}

export function checkTemplates(definition: ServerDefinition): DefinitionProblem[] {
  const problems: DefinitionProblem[] = [];
  (definition.tools ?? []).forEach((tool, toolIndex) => {
    for (const field of templateFields(tool)) {
      // Plain text (no action) cannot be wrong; most URLs and headers are.
      if (!field.text.includes('{{')) continue;
      for (const diagnostic of parseTemplate(field.text).diagnostics) {
        problems.push({
          path: '/' + ['tools', toolIndex, ...field.segments].join('/'),
          message: `tool '${tool.name}': ${field.field} line ${diagnostic.line}, column ${diagnostic.column}: ${diagnostic.message}`,
          tool: tool.name,
          field: field.field,
          line: diagnostic.line,
          column: diagnostic.column,
        });
      }
    }
  });
  return problems;
}
