import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type * as PdfMake from 'pdfmake';
import type { TDocumentDefinitions } from 'pdfmake/interfaces.js';

/*
 * The PDF seam (pdfmake 0.3, Node API): modules describe a document declaratively and get
 * its bytes back; only this file knows the library. Fonts are read and parsed once, when
 * this module loads: rendering reads no file and parses no font.
 *
 * The font is Noto Sans (SIL OFL, from @expo-google-fonts/noto-sans): full Latin coverage,
 * including the narrow no-break space (U+202F) French number formatting may use, which the
 * Roboto shipped with pdfmake lacks.
 */

export type { Content, TableCell, TDocumentDefinitions } from 'pdfmake/interfaces.js';

/** The font family every document uses (normal, bold, italics, bold italics). */
export const pdfFontFamily = 'NotoSans';

const require = createRequire(import.meta.url);

interface FontkitFont {
  postscriptName: string;
  hasGlyphForCodePoint(codePoint: number): boolean;
}
interface Fontkit {
  create(buffer: Uint8Array): FontkitFont;
  registerFormat(format: unknown): void;
}
type PdfMakeServer = typeof PdfMake & {
  virtualfs: { writeFileSync(name: string, content: Buffer): void };
};

const pdfmake = require('pdfmake') as PdfMakeServer;
// The fontkit pdfkit itself uses (resolved from pdfkit's folder), so the format below is seen by it.
const fontkit = createRequire(require.resolve('pdfkit', { paths: [require.resolve('pdfmake')] }))(
  'fontkit',
) as Fontkit;

const fontFiles = {
  normal: '@expo-google-fonts/noto-sans/400Regular/NotoSans_400Regular.ttf',
  bold: '@expo-google-fonts/noto-sans/600SemiBold/NotoSans_600SemiBold.ttf',
  italics: '@expo-google-fonts/noto-sans/400Regular_Italic/NotoSans_400Regular_Italic.ttf',
  bolditalics: '@expo-google-fonts/noto-sans/600SemiBold_Italic/NotoSans_600SemiBold_Italic.ttf',
} as const;

/*
 * pdfkit parses a font from its bytes for every document (fontkit.create), which took about
 * two thirds of the time of an invoice. Each font is parsed once here instead; what pdfkit is
 * given is a short token that a fontkit format registered below recognizes and answers with
 * a view of the parsed font (a constructor may return another object): the view shares its
 * parsed tables, but has its own glyph cache. fontkit caches a glyph with the characters it
 * was first asked for, and a subset asks for the parts of accented letters with none: shared,
 * the period would lose its character ("5,677.74" read back as "5,677 74").
 */
const tokenMagic = Buffer.from('ATRIUM-PARSED-FONT:');
const parsedFonts: FontkitFont[] = [];

class ParsedFontToken {
  static probe(buffer: Uint8Array): boolean {
    return (
      buffer.length === tokenMagic.length + 1 &&
      Buffer.from(buffer.buffer, buffer.byteOffset, tokenMagic.length).equals(tokenMagic)
    );
  }

  constructor(stream: { buffer: Uint8Array }) {
    const font = parsedFonts[stream.buffer[tokenMagic.length]!];
    if (!font) throw new Error('Unknown parsed font token');
    const view = Object.create(font) as FontkitFont & { _glyphs: Record<number, unknown> };
    view._glyphs = {};
    // biome-ignore lint/correctness/noConstructorReturn: the point of this format (see above)
    return view as unknown as ParsedFontToken;
  }
}
fontkit.registerFormat(ParsedFontToken);

const fonts: Record<string, string> = {};
for (const [style, file] of Object.entries(fontFiles)) {
  const font = fontkit.create(readFileSync(require.resolve(file)));
  const name = `${pdfFontFamily}-${style}.font`;
  pdfmake.virtualfs.writeFileSync(name, Buffer.concat([tokenMagic, Buffer.from([parsedFonts.length])]));
  parsedFonts.push(font);
  fonts[style] = name;
}
pdfmake.setFonts({ [pdfFontFamily]: fonts });
// Documents are built from our data only: never fetch a URL or read a local file they name.
pdfmake.setUrlAccessPolicy(() => false);
pdfmake.setLocalAccessPolicy(() => false);

/** Whether the document font has a glyph for every character of `text` (tests, and callers wary of odd input). */
export function fontCovers(text: string): boolean {
  const regular = parsedFonts[0]!;
  for (const character of text) {
    const codePoint = character.codePointAt(0)!;
    if (codePoint > 0x20 && !regular.hasGlyphForCodePoint(codePoint)) return false;
  }
  return true;
}

/** Renders a document to PDF bytes; `defaultStyle.font` is the document font unless the definition says otherwise. */
export async function renderPdf(definition: TDocumentDefinitions): Promise<Buffer> {
  const document = {
    ...definition,
    defaultStyle: { font: pdfFontFamily, ...definition.defaultStyle },
  };
  return pdfmake.createPdf(document).getBuffer();
}
