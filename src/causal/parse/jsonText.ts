import { invalidModel } from '../../errors';
import { lineColumnAt } from './sourcePosition';

/**
 * JSON.parse, with syntax errors turned into INVALID_MODEL carrying the line
 * and column (V8 reports a character position; the end of input when truncated).
 */
export function parseJsonText(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    const match = /position (\d+)/.exec(message);
    const offset = match ? Number(match[1]) : text.length;
    const { line, column } = lineColumnAt(text, offset);
    throw invalidModel(`malformed ${what} at line ${line}, column ${column}: ${message}`, { line, column });
  }
}
