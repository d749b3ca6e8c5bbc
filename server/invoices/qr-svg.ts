import "server-only";
import { toString as renderQr } from "qrcode";

/**
 * A QR code of `value` as an SVG document, rendered on the server so the browser downloads no QR
 * library. Error correction M: sturdy enough for a phone camera, small enough for a long EIP-681 URI.
 */
export function qrSvg(value: string): Promise<string> {
  return renderQr(value, { type: "svg", margin: 2, errorCorrectionLevel: "M" });
}
