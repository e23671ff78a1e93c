import { Box, Center, Loader, Stack, Text } from '@mantine/core';
import type { PDFDocumentProxy } from 'pdfjs-dist';
import { type MouseEvent, type ReactNode, useEffect, useRef, useState } from 'react';

/** pdf.js and its worker load only where a PDF is drawn (the signer's page, the request dialog). */
async function loadPdfjs() {
  const [pdfjs, worker] = await Promise.all([
    import('pdfjs-dist'),
    import('pdfjs-dist/build/pdf.worker.min.mjs?url'),
  ]);
  pdfjs.GlobalWorkerOptions.workerSrc = worker.default;
  return pdfjs;
}

export function usePdf(url: string | null) {
  const [pdf, setPdf] = useState<PDFDocumentProxy | null>(null);
  const [error, setError] = useState<Error | null>(null);
  useEffect(() => {
    if (!url) return;
    let cancelled = false;
    let task: { destroy(): Promise<void> } | null = null;
    loadPdfjs()
      .then((pdfjs) => {
        const loading = pdfjs.getDocument({ url, withCredentials: true });
        task = loading;
        return loading.promise;
      })
      .then((document) => {
        if (!cancelled) setPdf(document);
      })
      .catch((failure: Error) => !cancelled && setError(failure));
    return () => {
      cancelled = true;
      void task?.destroy();
    };
  }, [url]);
  return { pdf, error };
}

/** A point on a page in relative units (fractions of its width and height, from the top-left corner). */
export interface PagePoint {
  page: number;
  x: number;
  y: number;
}

/**
 * One page drawn to the width of its container (sharp on high-density screens), with
 * `overlay` laid over it in relative units; a click reports where, in the same units.
 */
export function PdfPage({
  pdf,
  page,
  overlay,
  onClick,
  label,
}: {
  pdf: PDFDocumentProxy;
  page: number;
  overlay?: ReactNode;
  onClick?: (point: PagePoint) => void;
  label: string;
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const box = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(0);
  const [ratio, setRatio] = useState(1.294);

  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const observer = new ResizeObserver(([entry]) => setWidth(Math.floor(entry?.contentRect.width ?? 0)));
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  useEffect(() => {
    if (!width || !canvas.current) return;
    let task: { cancel(): void; promise: Promise<void> } | null = null;
    let cancelled = false;
    void pdf.getPage(page).then((pdfPage) => {
      if (cancelled || !canvas.current) return;
      const base = pdfPage.getViewport({ scale: 1 });
      setRatio(base.height / base.width);
      const density = window.devicePixelRatio || 1;
      const viewport = pdfPage.getViewport({ scale: (width / base.width) * density });
      const element = canvas.current;
      element.width = viewport.width;
      element.height = viewport.height;
      task = pdfPage.render({ canvas: element, viewport });
      task.promise.catch(() => {});
    });
    return () => {
      cancelled = true;
      task?.cancel();
    };
  }, [pdf, page, width]);

  const click = (event: MouseEvent<HTMLDivElement>) => {
    if (!onClick) return;
    const rect = event.currentTarget.getBoundingClientRect();
    onClick({
      page,
      x: (event.clientX - rect.left) / rect.width,
      y: (event.clientY - rect.top) / rect.height,
    });
  };

  return (
    <Box ref={box} w="100%">
      <Box
        pos="relative"
        w="100%"
        h={width ? width * ratio : undefined}
        style={{ boxShadow: '0 1px 4px rgba(0,0,0,.2)', cursor: onClick ? 'crosshair' : undefined }}
        onClick={click}
        data-testid={`pdf-page-${page}`}
        aria-label={label}
      >
        <canvas ref={canvas} style={{ width: '100%', height: '100%', display: 'block' }} />
        {overlay}
      </Box>
    </Box>
  );
}

/** Every page, one under the other (the signer reads the whole document). */
export function PdfDocument({
  url,
  overlay,
  pageLabel,
  loading,
}: {
  url: string;
  overlay?: (page: number) => ReactNode;
  pageLabel: (page: number, total: number) => string;
  loading: string;
}) {
  const { pdf, error } = usePdf(url);
  if (error) return <Text c="red">{error.message}</Text>;
  if (!pdf) {
    return (
      <Center py="xl">
        <Loader size="sm" />
        <Text ml="sm">{loading}</Text>
      </Center>
    );
  }
  return (
    <Stack gap="md" data-testid="pdf-document">
      {Array.from({ length: pdf.numPages }, (_, index) => index + 1).map((page) => (
        <PdfPage
          key={page}
          pdf={pdf}
          page={page}
          overlay={overlay?.(page)}
          label={pageLabel(page, pdf.numPages)}
        />
      ))}
    </Stack>
  );
}

/** A field's box over a page, in relative units. */
export function FieldBox({
  field,
  color,
  children,
  onClick,
}: {
  field: { x: number; y: number; width: number; height: number };
  color: string;
  children?: ReactNode;
  onClick?: () => void;
}) {
  return (
    <Box
      pos="absolute"
      left={`${field.x * 100}%`}
      top={`${field.y * 100}%`}
      w={`${field.width * 100}%`}
      h={`${field.height * 100}%`}
      style={{
        border: `2px solid var(--mantine-color-${color}-6)`,
        background: `color-mix(in srgb, var(--mantine-color-${color}-2) 45%, transparent)`,
        borderRadius: 4,
        fontSize: 11,
        overflow: 'hidden',
        cursor: onClick ? 'pointer' : undefined,
        padding: '0 4px',
      }}
      onClick={(event) => {
        if (!onClick) return;
        event.stopPropagation();
        onClick();
      }}
      data-testid="field-box"
    >
      {children}
    </Box>
  );
}
