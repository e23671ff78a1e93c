import { once } from 'node:events';
import type { Readable } from 'node:stream';
import { ZipFile } from 'yazl';
import type { Ctx } from '../../core/context.ts';
import { type ExportFile, type ExportSection, exportCustomerData } from './privacy.service.ts';

/**
 * The access-request export with the files: a zip holding `customer.json` (the JSON export,
 * recorded and audited as such) and each section's files (documents' content, checked against
 * its SHA-256 as it is read). Entries are added one after the other as the previous one is
 * written, so one file is open at a time whatever the customer holds. A file that cannot be
 * given as it was stored (its hash no longer matches) is replaced by a note saying so, under
 * the same path with `.refused.txt`: the archive never carries altered content.
 */
export async function exportCustomerArchive(
  ctx: Ctx,
  customerId: string,
  sections: readonly ExportSection[],
): Promise<Readable> {
  const { document } = await exportCustomerData(ctx, customerId, { sections });
  const files: ExportFile[] = [];
  for (const section of sections) {
    if (section.files) files.push(...(await section.files(ctx, customerId)));
  }
  const zip = new ZipFile();
  const output = zip.outputStream as Readable;
  const fill = async () => {
    zip.addReadStream(document, 'customer.json');
    await once(document, 'end');
    for (const file of files) {
      const content = await file.open();
      if ('refused' in content) {
        zip.addBuffer(Buffer.from(`${content.refused}\n`), `${file.path}.refused.txt`);
        continue;
      }
      zip.addReadStream(content, file.path);
      await once(content, 'end');
    }
    zip.end();
  };
  fill().catch((error: unknown) => output.destroy(error instanceof Error ? error : new Error(String(error))));
  return output;
}
