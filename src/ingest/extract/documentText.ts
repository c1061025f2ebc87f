import { badUserInput } from '../../errors';

export type DocumentFormat = 'txt' | 'md' | 'html';

/**
 * A document's readable text and, for each of its UTF-16 indices, the index
 * in the original document it came from — so a span found in the text can
 * be reported against the file the user has.
 */
export interface DocumentText {
  readonly text: string;
  /** Maps an offset in `text` (0…text.length) to one in the original. */
  toOriginal(offset: number): number;
}

/** Picks the format from a file name: .txt, .md/.markdown, .html/.htm. */
export function formatOfPath(path: string): DocumentFormat {
  const extension = /\.([a-z0-9]+)$/i.exec(path)?.[1]?.toLowerCase();
  if (extension === 'txt' || extension === 'text') return 'txt';
  if (extension === 'md' || extension === 'markdown') return 'md';
  if (extension === 'html' || extension === 'htm') return 'html';
  throw badUserInput(`cannot extract text from "${path}": expected .txt, .md or .html`, 'path');
}

export function documentText(content: string, format: DocumentFormat): DocumentText {
  switch (format) {
    case 'txt':
      return { text: content, toOriginal: (offset) => offset };
    case 'html':
      return stripHtml(content);
    case 'md':
      return stripMarkdown(content);
  }
}

/** Builds text piece by piece, remembering where every piece came from. */
class MappedText {
  private text = '';
  private readonly origins: number[] = [];

  /** Appends `piece`, whose characters come from the original starting at `from` (1:1 when `exact`). */
  append(piece: string, from: number, exact: boolean): void {
    for (let k = 0; k < piece.length; k += 1) this.origins.push(exact ? from + k : from);
    this.text += piece;
  }

  build(originalLength: number): DocumentText {
    const origins = [...this.origins, originalLength];
    return { text: this.text, toOriginal: (offset) => origins[Math.max(0, Math.min(offset, origins.length - 1))]! };
  }
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', ndash: '–', mdash: '—', hellip: '…' };

function decodeEntity(entity: string): string | undefined {
  const name = entity.slice(1, -1);
  if (name.startsWith('#x') || name.startsWith('#X')) return safeCodePoint(parseInt(name.slice(2), 16));
  if (name.startsWith('#')) return safeCodePoint(parseInt(name.slice(1), 10));
  return ENTITIES[name.toLowerCase()];
}

function safeCodePoint(code: number): string | undefined {
  return Number.isInteger(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : undefined;
}

/** Elements after which text reads as a new block: a sentence must not run across them. */
const BLOCK_TAGS = /^(p|div|br|li|ul|ol|h[1-6]|tr|td|th|table|section|article|header|footer|blockquote|pre|title)$/i;

/** Tags removed, script/style/comments dropped, entities decoded, block ends become line breaks. */
function stripHtml(html: string): DocumentText {
  const out = new MappedText();
  const pattern = /<!--[\s\S]*?-->|<(script|style)\b[\s\S]*?<\/\1\s*>|<\/?([a-zA-Z][a-zA-Z0-9]*)\b[^>]*>|&#?[a-zA-Z0-9]+;/g;
  let last = 0;
  for (const match of html.matchAll(pattern)) {
    const at = match.index!;
    out.append(html.slice(last, at), last, true);
    const token = match[0];
    if (token.startsWith('&')) {
      const decoded = decodeEntity(token);
      out.append(decoded ?? token, at, decoded === undefined);
    } else if (match[2] && BLOCK_TAGS.test(match[2])) {
      out.append('\n', at, false);
    }
    last = at + token.length;
  }
  out.append(html.slice(last), last, true);
  return out.build(html.length);
}

/**
 * Markdown's markup removed, its words kept in place: heading and list
 * markers, emphasis, inline code ticks, link and image syntax (the link text
 * stays), fenced code blocks (dropped: code is not prose).
 */
function stripMarkdown(markdown: string): DocumentText {
  const out = new MappedText();
  const pattern = /^```[\s\S]*?^```[^\n]*$|^[ \t]{0,3}(?:#{1,6}[ \t]+|>[ \t]?|[-*+][ \t]+|\d+[.)][ \t]+)|!?\[([^\]\n]*)\]\([^)\n]*\)|\*\*|__|(?<![\w*])[*_](?=\S)|(?<=\S)[*_](?![\w*])|`/gm;
  let last = 0;
  for (const match of markdown.matchAll(pattern)) {
    const at = match.index!;
    out.append(markdown.slice(last, at), last, true);
    if (match[1] !== undefined) out.append(match[1], at + match[0].indexOf('[') + 1, true);
    else if (match[0].startsWith('```')) out.append('\n', at, false);
    last = at + match[0].length;
  }
  out.append(markdown.slice(last), last, true);
  return out.build(markdown.length);
}
