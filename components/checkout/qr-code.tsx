import "server-only";
import { toString as renderQr } from "qrcode";

/**
 * A QR code rendered to SVG on the server, so the browser downloads no QR library. The SVG is
 * qrcode's own output (paths only, the encoded text never appears as markup), hence safe to inline.
 */
export async function QrCode({ value, label }: { value: string; label: string }) {
  const svg = await renderQr(value, { type: "svg", margin: 2, errorCorrectionLevel: "M" });
  return (
    <div
      role="img"
      aria-label={label}
      // Always dark on white: scanners read inverted codes poorly, whatever the page's colour scheme.
      className="mx-auto aspect-square w-48 rounded-xl bg-white p-1 ring-1 ring-zinc-200 sm:w-56 [&>svg]:h-full [&>svg]:w-full"
      dangerouslySetInnerHTML={{ __html: svg }}
    />
  );
}
