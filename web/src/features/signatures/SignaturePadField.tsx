import { Box, Button, Group, Text } from '@mantine/core';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import SignaturePad from 'signature_pad';

/** A pad to draw on (mouse, finger, stylus); reports the PNG, or null once cleared. */
export function SignaturePadField({ onChange }: { onChange: (png: string | null) => void }) {
  const { t } = useTranslation();
  const canvas = useRef<HTMLCanvasElement>(null);
  const pad = useRef<SignaturePad | null>(null);
  const changed = useRef(onChange);
  changed.current = onChange;

  useEffect(() => {
    const element = canvas.current;
    if (!element) return;
    const signaturePad = new SignaturePad(element, { penColor: '#10182b', minWidth: 1, maxWidth: 3 });
    pad.current = signaturePad;
    // Sized to the screen's density, so strokes stay sharp. A resize (a scroll bar appearing as
    // the document loads, a phone turned) redraws the strokes already there rather than losing them.
    const resize = () => {
      const strokes = signaturePad.toData();
      const ratio = Math.max(window.devicePixelRatio || 1, 1);
      element.width = element.offsetWidth * ratio;
      element.height = element.offsetHeight * ratio;
      element.getContext('2d')?.scale(ratio, ratio);
      signaturePad.clear();
      if (strokes.length) signaturePad.fromData(strokes);
      changed.current(signaturePad.isEmpty() ? null : signaturePad.toDataURL('image/png'));
    };
    resize();
    const observer = new ResizeObserver(() => {
      if (element.width !== element.offsetWidth * Math.max(window.devicePixelRatio || 1, 1)) resize();
    });
    observer.observe(element);
    const end = () => changed.current(signaturePad.isEmpty() ? null : signaturePad.toDataURL('image/png'));
    signaturePad.addEventListener('endStroke', end);
    return () => {
      observer.disconnect();
      signaturePad.removeEventListener('endStroke', end);
      signaturePad.off();
    };
  }, []);

  return (
    <Box>
      <Text size="sm" c="dimmed" mb={4}>
        {t('signatures.signer.drawHelp')}
      </Text>
      <Box
        style={{
          border: '1px solid var(--mantine-color-gray-4)',
          borderRadius: 8,
          background: 'white',
          touchAction: 'none',
        }}
      >
        <canvas
          ref={canvas}
          style={{ width: '100%', height: 180, display: 'block', touchAction: 'none' }}
          data-testid="signature-pad"
          aria-label={t('signatures.signer.signatureTitle')}
        />
      </Box>
      <Group justify="flex-end" mt={4}>
        <Button
          size="compact-sm"
          variant="subtle"
          onClick={() => {
            pad.current?.clear();
            onChange(null);
          }}
        >
          {t('signatures.signer.clear')}
        </Button>
      </Group>
    </Box>
  );
}
