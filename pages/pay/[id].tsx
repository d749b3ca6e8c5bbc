import type { GetServerSideProps } from "next";
import Head from "next/head";
import { renderToStaticMarkup } from "react-dom/server";
import { accentStyle } from "@/components/checkout/branding";
import { CheckoutView, type CheckoutViewProps } from "@/components/checkout/checkout-view";
import { PaymentLinkNotFound } from "@/components/checkout/link-not-found";
import type { NetworkLabel } from "@/components/checkout/network-label";
import { optionKey } from "@/components/checkout/option-key";
import { checkoutStrings as t } from "@/components/checkout/strings";
import { networkLabels } from "@/server/chains/network-labels";
import { checkoutManifest } from "@/server/checkout-script";
import { db } from "@/server/db";
import { checkoutVersion, findPublicInvoice } from "@/server/invoices/find-public-invoice";

// No framework JavaScript on this page: the server renders every state, and one small script of our
// own (components/checkout/client, built by scripts/build-checkout-client.ts) keeps it live. This is
// why the hosted page lives in the Pages Router: an App Router page always ships React and the router
// (about 135 kB gzip in Next.js 16), over the page's 120 kB budget before a line of our own code.
// `runtime` is only here for Next's type check of this object; the Node.js runtime is the default.
//
// The body is rendered to static HTML here and handed to the page as a string. In production that is
// exactly what the page would render anyway; under `next dev`, which always hydrates, it keeps React
// from hydrating (and fighting the page's script over) the card: React leaves the inside of
// `dangerouslySetInnerHTML` alone.
export const config = { runtime: "nodejs", unstable_runtimeJS: false };

type BodyProps = ({ found: true } & CheckoutViewProps & { scripts: string[] }) | { found: false };
type Props = { title: string; html: string };

/**
 * The page runs no script but its own, from this origin: an injected script on a payment page could
 * swap the address. Styles may be inline (the merchant's accent, the confirmation bar); images come
 * from anywhere (merchant logos, wallet icons as data: URIs); the wallet code talks to public RPC
 * endpoints over https, and to the devnets whose URLs the server gave the page. Production only:
 * `next dev` runs its own inline scripts.
 */
function contentSecurityPolicy(networks: Record<string, NetworkLabel>): string {
  const devnets = [...new Set(Object.values(networks).flatMap((n) => (n.rpcUrl ? [new URL(n.rpcUrl).origin] : [])))];
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: https: http:",
    ["connect-src 'self' https: wss:", ...devnets].join(" "),
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join("; ");
}

const TX_HASH = /^0x[0-9a-fA-F]{64}$/;
const one = (v: string | string[] | undefined) => (typeof v === "string" ? v : null);

/** GET /pay/[id]: the hosted payment page, rendered per request; 404 with its explanation for unknown ids. */
export const getServerSideProps: GetServerSideProps<Props, { id: string }> = async ({ params, query, res }) => {
  // A payment link is for one customer: never cached by a shared cache, never indexed.
  res.setHeader("Cache-Control", "private, no-store");
  res.setHeader("X-Robots-Tag", "noindex, nofollow");

  const invoice = await findPublicInvoice(db(), params!.id);
  if (!invoice) {
    res.statusCode = 404;
    return { props: { title: t.notFound.title, html: renderToStaticMarkup(<PayPageBody found={false} />) } };
  }
  const networks = networkLabels();
  if (process.env.NODE_ENV === "production") res.setHeader("Content-Security-Policy", contentSecurityPolicy(networks));
  const option = invoice.payment_options.find((o) => optionKey(o) === one(query.option));
  const tx = one(query.tx);
  const submitted =
    option && tx && TX_HASH.test(tx)
      ? { hash: tx, network: option.network, reverted: one(query.tx_status) === "reverted" }
      : null;
  const body = renderToStaticMarkup(
    <PayPageBody
      found
      invoice={invoice}
      networks={networks}
      chosen={option ? optionKey(option) : null}
      submitted={submitted}
      version={checkoutVersion(invoice)}
      now={Date.now()}
      // The entry first, then the chunks it imports (preloaded, so they download alongside it).
      scripts={checkoutManifest().firstLoad}
    />,
  );
  return { props: { title: t.pageTitle(invoice.merchant.name), html: body } };
};

export default function PayPage({ title, html }: Props) {
  return (
    <>
      <Head>
        <title>{`${title} · Payrail`}</title>
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex, nofollow" />
      </Head>
      <div suppressHydrationWarning dangerouslySetInnerHTML={{ __html: html }} />
    </>
  );
}

/** The page's body: the card (or the 404 explanation) and the page's script. */
function PayPageBody(props: BodyProps) {
  return (
    <>
      <main className="flex min-h-dvh flex-col items-center px-3 py-6 sm:justify-center sm:px-6 sm:py-12">
        {props.found ? (
          // The merchant's accent colour as CSS variables: buttons, links and focus rings follow it.
          <div style={accentStyle(props.invoice.merchant.accent_color)} className="flex w-full justify-center">
            <CheckoutView {...props} />
          </div>
        ) : (
          <PaymentLinkNotFound />
        )}
      </main>
      {props.found && (
        <>
          {props.scripts.slice(1).map((src) => (
            <link key={src} rel="modulepreload" href={src} />
          ))}
          {/* eslint-disable-next-line @next/next/no-sync-scripts -- a module script is deferred by definition; next/script would bring the runtime this page leaves out */}
          <script type="module" src={props.scripts[0]} />
        </>
      )}
    </>
  );
}
