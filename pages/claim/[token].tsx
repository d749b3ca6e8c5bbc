import type { GetServerSideProps } from "next";
import Head from "next/head";
import { getAddress } from "viem";
import { renderToStaticMarkup } from "react-dom/server";
import { accentStyle } from "@/components/checkout/branding";
import { claimStrings as t } from "@/components/checkout/claim/claim-strings";
import { ClaimLinkNotFound, ClaimView, type ClaimStep } from "@/components/checkout/claim/claim-view";
import { networkLabels } from "@/server/chains/network-labels";
import { db } from "@/server/db";
import { AppError } from "@/server/errors";
import { payoutAddress } from "@/server/payouts/payout-asset";
import { findRefundClaim } from "@/server/refunds/find-refund-claim";

// The refund claim page (server/refunds/claim-refund.ts), on the hosted-page side and built like pages/pay/[id].tsx:
// rendered to static HTML on the server, no framework JavaScript and no script of its own (0 kB; the hosted page's
// budget is 120 kB). Its steps are plain forms: the address goes back to this page by GET and is read back for the
// customer to check, and the confirmation POSTs to /claim/{token}/confirm (app/(checkout)/claim/[token]/confirm).
export const config = { runtime: "nodejs", unstable_runtimeJS: false };

type Props = { title: string; html: string };

/** No script at all, forms only to this origin, images (the merchant's logo) from anywhere. Production only. */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'none'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: https: http:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

const one = (v: string | string[] | undefined) => (typeof v === "string" ? v.slice(0, 100) : null);

/** The address the customer typed, checked as a payout checks it (checksum, zero address); null if it is not one. */
function validAddress(value: string): string | null {
  try {
    return getAddress(payoutAddress(value.trim(), "address"));
  } catch (error) {
    if (error instanceof AppError) return null;
    throw error;
  }
}

/** GET /claim/[token]: the claim page in the state its refund is in; 404 with its explanation for an unknown link. */
export const getServerSideProps: GetServerSideProps<Props, { token: string }> = async ({ params, query, res }) => {
  // A claim link is for one customer: never cached by a shared cache, never indexed, never framed.
  res.setHeader("Cache-Control", "private, no-store");
  res.setHeader("X-Robots-Tag", "noindex, nofollow");
  res.setHeader("Referrer-Policy", "no-referrer");
  if (process.env.NODE_ENV === "production") res.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);

  const token = params!.token;
  const claim = await findRefundClaim(db(), token, new Date());
  if (!claim) {
    res.statusCode = 404;
    return { props: { title: t.notFound.title, html: renderToStaticMarkup(<Body />) } };
  }
  if (claim.state === "expired") res.statusCode = 410;
  const networks = networkLabels();
  const network = networks[claim.networkId] ?? {
    name: claim.networkId,
    explorerUrl: null,
    chainId: 0,
    nativeSymbol: "ETH",
    nativeDecimals: 18,
    rpcUrl: null,
  };
  const entered = one(query.address);
  const error = one(query.error);
  let step: ClaimStep;
  if (claim.state !== "open") step = { kind: "status" };
  else if (one(query.edit) !== null) step = { kind: "enter", value: one(query.edit)!, error: false };
  else if (entered !== null && error !== "address" && validAddress(entered))
    step = { kind: "review", address: validAddress(entered)!, unavailable: error === "unavailable" };
  else step = { kind: "enter", value: entered ?? "", error: entered !== null };

  const html = renderToStaticMarkup(
    <Body>
      <div style={accentStyle(claim.merchant.accentColor)} className="flex w-full justify-center">
        <ClaimView token={token} claim={claim} network={network} step={step} />
      </div>
    </Body>,
  );
  return { props: { title: t.pageTitle(claim.merchant.name), html } };
};

export default function ClaimPage({ title, html }: Props) {
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

function Body({ children }: { children?: React.ReactNode }) {
  return (
    <main className="flex min-h-dvh flex-col items-center px-3 py-6 sm:justify-center sm:px-6 sm:py-12">
      {children ?? <ClaimLinkNotFound />}
    </main>
  );
}
