import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import forge from 'node-forge';

/** The PKCS#12 bundle (key + certificate) sealed PDFs are signed with. */
export interface SigningCertificate {
  p12: Buffer;
  passphrase: string;
  /** The certificate's subject common name, printed on the certificate page. */
  subject: string;
  /** SHA-256 of the certificate (DER), printed so a reader can match it. */
  fingerprint: string;
}

function describe(p12: Buffer, passphrase: string): Pick<SigningCertificate, 'subject' | 'fingerprint'> {
  const asn1 = forge.asn1.fromDer(forge.util.createBuffer(p12.toString('binary')));
  const bundle = forge.pkcs12.pkcs12FromAsn1(asn1, false, passphrase);
  const certBag = forge.pki.oids.certBag as string;
  const bags = bundle.getBags({ bagType: certBag })[certBag] ?? [];
  const cert = bags[0]?.cert;
  if (!cert) throw new Error('The signing certificate bundle holds no certificate');
  const der = forge.asn1.toDer(forge.pki.certificateToAsn1(cert)).getBytes();
  const md = forge.md.sha256.create();
  md.update(der);
  return {
    subject: String(cert.subject.getField('CN')?.value ?? 'Atrium'),
    fingerprint: md.digest().toHex(),
  };
}

/**
 * A self-signed certificate made with node-forge (the key pair from Node's crypto, which is
 * much faster than forge's): RSA 2048, SHA-256, ten years, usable for document signing.
 */
export function generateSelfSignedP12(commonName: string, passphrase: string, now = new Date()): Buffer {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const key = forge.pki.privateKeyFromPem(privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(publicKey.export({ type: 'spki', format: 'pem' }).toString());
  cert.serialNumber = `01${randomBytes(8).toString('hex')}`;
  cert.validity.notBefore = new Date(now.getTime() - 60_000);
  cert.validity.notAfter = new Date(now.getTime() + 10 * 365 * 86_400_000);
  const attrs = [
    { name: 'commonName', value: commonName },
    { name: 'organizationName', value: 'Atrium' },
    { name: 'countryName', value: 'CA' },
  ];
  cert.setSubject(attrs);
  cert.setIssuer(attrs);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, nonRepudiation: true },
    { name: 'extKeyUsage', emailProtection: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  cert.sign(key, forge.md.sha256.create());
  const asn1 = forge.pkcs12.toPkcs12Asn1(key, [cert], passphrase, { algorithm: '3des' });
  return Buffer.from(forge.asn1.toDer(asn1).getBytes(), 'binary');
}

/**
 * SIGNING_CERT_P12 (a path to a .p12 file) with SIGNING_CERT_PASSWORD when given; otherwise
 * the self-signed bundle kept in `<data dir>/signing/`, made on first start and reused.
 */
export async function loadSigningCertificate(options: {
  dataDir: string;
  p12Path?: string | undefined;
  password?: string | undefined;
}): Promise<SigningCertificate> {
  if (options.p12Path) {
    const p12 = await readFile(options.p12Path);
    const passphrase = options.password ?? '';
    return { p12, passphrase, ...describe(p12, passphrase) };
  }
  const dir = path.join(options.dataDir, 'signing');
  const bundleFile = path.join(dir, 'atrium-signing.p12');
  const passFile = path.join(dir, 'atrium-signing.pass');
  if (!existsSync(bundleFile)) {
    // Made in a directory of its own, then renamed into place whole: two processes starting
    // at once keep one pair (the loser's rename fails and it reads the winner's).
    await mkdir(options.dataDir, { recursive: true });
    const staging = await mkdtemp(path.join(options.dataDir, '.signing-'));
    const passphrase = randomBytes(24).toString('base64url');
    await writeFile(path.join(staging, 'atrium-signing.pass'), `${passphrase}\n`, { mode: 0o600 });
    await writeFile(
      path.join(staging, 'atrium-signing.p12'),
      generateSelfSignedP12('Atrium document sealing (self-signed)', passphrase),
      { mode: 0o600 },
    );
    await chmod(staging, 0o700);
    await rename(staging, dir).catch(async () => {
      await rm(staging, { recursive: true, force: true });
    });
  }
  const p12 = await readFile(bundleFile);
  const passphrase = (await readFile(passFile, 'utf8')).trim();
  return { p12, passphrase, ...describe(p12, passphrase) };
}
