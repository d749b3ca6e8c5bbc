import type { AppProps } from "next/app";
import "@/app/globals.css";

/**
 * The Pages Router holds one page, the hosted payment page (pages/pay/[id].tsx), because it can ship
 * without the framework's client runtime; everything else is in app/. Same stylesheet.
 */
export default function PayrailPages({ Component, pageProps }: AppProps) {
  return <Component {...pageProps} />;
}
