import { Head, Html, Main, NextScript } from "next/document";

/** The document shell of the hosted page, as app/layout.tsx is for the rest: colour scheme from the OS. */
export default function Document() {
  return (
    <Html lang="en">
      <Head>
        <meta name="color-scheme" content="light dark" />
        <meta name="theme-color" media="(prefers-color-scheme: light)" content="#f4f4f5" />
        <meta name="theme-color" media="(prefers-color-scheme: dark)" content="#09090b" />
      </Head>
      <body className="min-h-dvh">
        <Main />
        <NextScript />
      </body>
    </Html>
  );
}
