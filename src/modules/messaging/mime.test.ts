import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { buildEmail, quotedPrintable } from './mime';

describe('buildEmail', () => {
  const parts = {
    from: 'Corner Café <hello@corner.example>',
    to: 'joao@example.com',
    subject: 'Muito obrigado, João — até já',
    text: 'Olá João,\nobrigado pela visita.\n\nCancelar: https://regulars.example/u/abc.def\n',
    html: `<p>Olá <b>João</b></p><p>${'Uma linha comprida sem quebras, '.repeat(10)}</p>`,
    messageId: '<m1@corner.example>',
    date: new Date('2026-12-03T14:00:00Z'),
    headers: [
      [
        'List-Unsubscribe',
        `<https://regulars.example/u/${'t'.repeat(120)}>, <mailto:unsubscribe@corner.example>`,
      ],
      ['List-Unsubscribe-Post', 'List-Unsubscribe=One-Click'],
    ] as [string, string][],
  };

  it('is read back as written: encoded words, quoted-printable UTF-8, both alternatives', async () => {
    const raw = buildEmail(parts);
    const m = await simpleParser(raw);
    expect(m.from?.value).toEqual([{ name: 'Corner Café', address: 'hello@corner.example' }]);
    expect(m.subject).toBe(parts.subject);
    expect(m.messageId).toBe('<m1@corner.example>');
    expect(m.date?.toISOString()).toBe('2026-12-03T14:00:00.000Z');
    expect(m.text).toBe(parts.text);
    expect(m.html).toBe(parts.html);
    const unsubscribe = m.headerLines.find((h) => h.key === 'list-unsubscribe')!.line;
    expect(unsubscribe.replace(/\r\n\s+/g, ' ')).toBe(`List-Unsubscribe: ${parts.headers[0]![1]}`);
  });

  it('ends every line with CRLF; folds headers at spaces and wraps the bodies at 76 characters', () => {
    const raw = buildEmail(parts).toString('utf8');
    expect(raw).not.toMatch(/[^\r]\n/);
    const [head, ...body] = raw.split('\r\n\r\n');
    // A header line is longer only where a single token is (the link's token): never past 998.
    for (const line of head!.split('\r\n'))
      expect(line.length <= 78 || !/\s\S+\s/.test(line.slice(78))).toBe(true);
    for (const line of body.join('\r\n').split('\r\n')) expect(line.length).toBeLessThanOrEqual(76);
  });

  it('quoted-printable: literal where it may be, = and trailing spaces encoded, 76-character lines', async () => {
    const text = `a = b \t\nend of line   \n${'x'.repeat(200)}\n${'é'.repeat(60)}\r\nlast`;
    const qpText = quotedPrintable(text);
    expect(qpText.split('\r\n').every((l) => l.length <= 76)).toBe(true);
    expect(qpText).toMatch(/^a =3D b =09\r\nend of line {2}=20\r\n/);
    expect(qpText).not.toMatch(/=[0-9A-F]?=\r\n/); // no escape split by a soft break
    expect(qpText).not.toMatch(/=C3=\r\n/); // nor a character's bytes
    const m = await simpleParser(buildEmail({ ...parts, text, html: null }));
    // SMTP ends the data with a line break: a text without a final one gets it.
    expect(m.text).toBe(`${text.replace(/\r\n/g, '\n')}\n`);
  });

  it('a text-only message is one part', async () => {
    const m = await simpleParser(buildEmail({ ...parts, html: null }));
    expect(m.text).toBe(parts.text);
    expect(m.html).toBe(false);
  });
});
