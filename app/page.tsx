import { Blocks, Radio, ShieldCheck } from "lucide-react";

const features = [
  {
    icon: Blocks,
    title: "Your keys, your server",
    text: "Every invoice gets its own deposit address derived from your seed. Nothing leaves your infrastructure.",
  },
  {
    icon: Radio,
    title: "Watched on chain",
    text: "Payments are matched, confirmed and reorg-checked on each EVM network you enable.",
  },
  {
    icon: ShieldCheck,
    title: "Signed webhooks",
    text: "Your product learns about every status change through Standard Webhooks.",
  },
] as const;

/** The landing page: what Payrail is, in a few lines. */
export default function HomePage() {
  return (
    <main className="mx-auto flex min-h-dvh max-w-3xl flex-col justify-center px-5 py-16 sm:px-8">
      <p className="text-sm font-semibold uppercase tracking-wider text-accent">Payrail</p>
      <h1 className="mt-3 text-3xl font-semibold tracking-tight sm:text-4xl">
        Self-hosted crypto payments for EVM networks
      </h1>
      <p className="mt-4 max-w-2xl text-base leading-7 text-muted-foreground">
        Create an invoice through the API, send your customer to a hosted payment page, and receive a signed webhook
        when the payment is confirmed. Stablecoins and native assets, on the networks you run.
      </p>
      <ul className="mt-10 grid gap-4 sm:grid-cols-3">
        {features.map(({ icon: Icon, title, text }) => (
          <li key={title} className="rounded-xl border bg-card p-5">
            <Icon aria-hidden className="size-5 text-accent" />
            <h2 className="mt-3 text-sm font-semibold">{title}</h2>
            <p className="mt-1 text-sm leading-6 text-muted-foreground">{text}</p>
          </li>
        ))}
      </ul>
    </main>
  );
}
