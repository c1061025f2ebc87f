import { documentText, extractDocument, formatOfPath } from '../../../../src/ingest/extract';

describe('documentText', () => {
  it('strips HTML tags, scripts, styles and comments and decodes entities', () => {
    const html = '<html><head><style>p { color: red }</style><script>var causes = 1;</script></head><body><!-- note --><p>Rain &amp; wind caused floods.</p></body></html>';
    expect(documentText(html, 'html').text.trim()).toBe('Rain & wind caused floods.');
  });

  it('ends a sentence at a block element', () => {
    const { text } = documentText('<h1>Weather report</h1><p>Rain caused floods.</p>', 'html');
    expect(text).toContain('Weather report\n');
  });

  it('strips Markdown markup and keeps link text', () => {
    const md = '# Causes\n\n**Smoking** causes [lung cancer](https://example.org/c).\n\n```\ncode causes bugs\n```\n- Rain caused *floods*.';
    const { text } = documentText(md, 'md');
    expect(text).toContain('Smoking causes lung cancer.');
    expect(text).toContain('Rain caused floods.');
    expect(text).not.toContain('code causes bugs');
    expect(text).not.toContain('https://');
  });

  it('picks the format from the file name and rejects others with a typed error', () => {
    expect(formatOfPath('notes/a.MD')).toBe('md');
    expect(formatOfPath('a.htm')).toBe('html');
    expect(formatOfPath('a.txt')).toBe('txt');
    expect(() => formatOfPath('a.pdf')).toThrow(expect.objectContaining({ code: 'BAD_USER_INPUT' }));
  });
});

describe('extractDocument', () => {
  it('maps offsets back into the HTML source', () => {
    const html = '<p>Smoking <b>causes</b> lung&nbsp;cancer.</p>';
    const [relation] = extractDocument(html, 'html').relations;
    expect(relation).toBeDefined();
    expect(html.slice(relation!.cause.start, relation!.cause.end)).toBe('Smoking');
    expect(html.slice(relation!.cue.start, relation!.cue.end)).toBe('causes');
    expect(html.slice(relation!.effect.start, relation!.effect.end)).toBe('lung&nbsp;cancer');
    expect(relation!.effect.text).toBe('lung\u00a0cancer'.replace('\u00a0', ' '));
  });

  it('maps offsets back into the Markdown source', () => {
    const md = 'Intro.\n\n- **Rain** caused [floods](http://x.y) downstream.';
    const [relation] = extractDocument(md, 'md').relations;
    expect(md.slice(relation!.cause.start, relation!.cause.end)).toBe('Rain');
    expect(md.slice(relation!.effect.start, relation!.effect.end)).toBe('floods');
  });

  it('leaves plain text offsets as they are', () => {
    const text = 'Smoking causes cancer.';
    expect(extractDocument(text, 'txt').relations[0]!.cause).toEqual({ text: 'Smoking', start: 0, end: 7 });
  });
});
