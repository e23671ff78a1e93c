import { execFile, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * The text of a PDF as poppler's pdftotext reads it (`-layout`: the columns stay on their
 * line), pages separated by a form feed; no-break spaces read as plain ones. Tests read what
 * a person would see, not pdfmake's internals. Needs poppler-utils (.ci/run installs it).
 */
export function pdfText(pdf: Buffer): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('pdftotext', ['-layout', '-enc', 'UTF-8', '-', '-']);
    const chunks: Buffer[] = [];
    let errors = '';
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => {
      errors += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) reject(new Error(`pdftotext exited with ${code}: ${errors}`));
      else
        resolve(
          Buffer.concat(chunks)
            .toString('utf8')
            .replace(/[\u00a0\u202f]/g, ' '),
        );
    });
    child.stdin.end(pdf);
  });
}

/** The text of each page. */
export async function pdfPages(pdf: Buffer): Promise<string[]> {
  return (await pdfText(pdf)).split('\f').filter((page) => page.trim() !== '');
}

/** Runs of spaces as one, so a phrase can be looked for whatever the layout put between its words. */
export function squeeze(text: string): string {
  return text.replace(/[ \t]+/g, ' ');
}

/** The images a PDF draws, as poppler's `pdfimages -list` lists them (one row each: page, size, type…). */
export async function pdfImages(
  pdf: Buffer,
): Promise<{ page: number; width: number; height: number; x_ppi: number; y_ppi: number }[]> {
  const directory = await mkdtemp(join(tmpdir(), 'atrium-pdf-'));
  try {
    const file = join(directory, 'document.pdf');
    await writeFile(file, pdf);
    const { stdout } = await run('pdfimages', ['-list', file]);
    // Two header lines, then: page num type width height color comp bpc enc interp object ID x-ppi y-ppi …
    return stdout
      .split('\n')
      .slice(2)
      .filter((line) => line.trim() !== '')
      .map((line) => line.trim().split(/\s+/))
      .map((cells) => ({
        page: Number(cells[0]),
        width: Number(cells[3]),
        height: Number(cells[4]),
        x_ppi: Number(cells[12]),
        y_ppi: Number(cells[13]),
      }));
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}
