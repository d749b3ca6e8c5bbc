// The hosted payment page's only script on first load: no framework. The server renders every state
// of the page (pages/pay/[id].tsx); this script keeps it live and adds what needs a browser:
//
// - status: polls `/pay/<id>/status` every 2 s until the invoice is final; when the server's version
//   of the invoice changes it fetches the page again and swaps the regions whose HTML changed, and
//   updates the one live region's text in place (so screen readers announce it);
// - the countdown, times in the viewer's time zone, copy buttons, a merchant logo that fails to load;
// - browser wallets: discovers them (EIP-6963) and offers "Pay with <wallet>"; the wallet code
//   (wagmi + viem, pay-with-wallet.ts) is a separate chunk imported only when one is pressed.
//
// Markup contract (all rendered by components/checkout): `[data-checkout]` carries the invoice id,
// version, server time and `data-final`; `[data-region]` elements are swapped; `[data-live]` is the
// status sentence. Nothing here computes an amount: the wallet sends the server's base units.
import { localLabel } from "@/components/ui/time-labels";
import { timeLeftLabel } from "../time-left";
import { checkoutStrings as t } from "../strings";
import type { WalletRequest } from "../wallet-slot";
import type { WalletFailure, WalletStep } from "./pay-with-wallet";
import { discoverWallets, type DetectedWallet } from "./wallets";

const POLL_MS = 2_000;
const COPY_RESET_MS = 2_000;

const card = document.querySelector<HTMLElement>("[data-checkout]");
if (card) startCheckout(card);

function startCheckout(card: HTMLElement): void {
  const invoiceId = card.dataset.invoice!;
  let version = card.dataset.version!;
  // The server's clock at render time against ours: the countdown follows the server's expiry.
  const skew = Number(card.dataset.now) - Date.now() || 0;
  const serverNow = () => Date.now() + skew;
  // The server's HTML of each region, to swap only what changed (our own additions don't count).
  const served = new Map<string, string>();
  for (const region of regions(card)) served.set(region.dataset.region!, region.innerHTML);

  let wallets: DetectedWallet[] = [];
  let walletBusy = false;
  // The page must be fetched again whatever the version says (a refresh was put off or failed).
  let dirty = false;

  // ---- the countdown: one clock for every [data-countdown] on the page, including swapped-in ones
  const tick = () => {
    for (const el of card.querySelectorAll<HTMLTimeElement>("time[data-countdown]")) {
      el.textContent = timeLeftLabel(Date.parse(el.dateTime) - serverNow());
    }
  };
  setInterval(tick, 1_000);

  // ---- copy buttons (delegated, so swapped-in buttons work too)
  document.addEventListener("click", (event) => {
    const button = (event.target as Element).closest<HTMLButtonElement>("button[data-copy]");
    if (button) void copy(button);
  });

  // ---- everything a region needs after the server's HTML lands in it
  const enhance = (root: ParentNode) => {
    tick();
    localizeTimes(root);
    watchLogo(root);
    renderWallets(root);
  };

  function renderWallets(root: ParentNode) {
    for (const slot of root.querySelectorAll<HTMLElement>("[data-wallet-slot]")) {
      const list = slot.querySelector<HTMLElement>("[data-wallet-buttons]")!;
      const template = slot.querySelector<HTMLTemplateElement>("template[data-wallet-button]")!;
      list.replaceChildren(
        ...wallets.map((wallet) => {
          const button = template.content.firstElementChild!.cloneNode(true) as HTMLButtonElement;
          button.querySelector("[data-wallet-label]")!.textContent = t.wallet.payWith(walletName(wallet));
          if (wallet.icon) {
            const img = document.createElement("img");
            img.src = wallet.icon;
            img.alt = "";
            img.className = "size-5 rounded";
            button.querySelector("[data-wallet-icon]")!.replaceChildren(img);
          }
          button.addEventListener("click", () => void payFromWallet(slot, wallet));
          return button;
        }),
      );
      slot.hidden = wallets.length === 0;
      // With a wallet button above it, "Open in wallet" steps back to a secondary button.
      for (const link of card.querySelectorAll<HTMLElement>("[data-class-with-wallet]")) {
        link.dataset.classWithout ??= link.className;
        link.className = wallets.length > 0 ? link.dataset.classWithWallet! : link.dataset.classWithout;
      }
    }
  }

  async function payFromWallet(slot: HTMLElement, wallet: DetectedWallet) {
    if (walletBusy) return;
    const request = JSON.parse(slot.querySelector("script[data-wallet-request]")!.textContent!) as WalletRequest;
    const buttons = [...slot.querySelectorAll<HTMLButtonElement>("[data-wallet-buttons] button")];
    const stepLine = slot.querySelector<HTMLElement>("[data-wallet-step]")!;
    const setStep = (step: "loading" | WalletStep | null) => {
      stepLine.textContent = step === null ? "" : stepText(step, request.network.name);
      stepLine.hidden = step === null;
      for (const b of buttons) {
        b.disabled = step !== null;
        b.setAttribute("aria-busy", String(step !== null));
        b.querySelector<HTMLElement>("[data-wallet-icon]")!.hidden = step !== null;
        b.querySelector<HTMLElement>("[data-wallet-spinner]")!.hidden = step === null;
      }
    };
    slot.querySelector("[data-wallet-error]")?.remove();
    walletBusy = true;
    setStep("loading");
    let submitted: string | null = null;
    try {
      const { payWithWallet } = await import("./pay-with-wallet");
      const result = await payWithWallet({
        walletId: wallet.id,
        network: request.network,
        to: request.to,
        tokenAddress: request.tokenAddress,
        amountBaseUnits: request.amountBaseUnits,
        onStep: setStep,
        onOutcome: (outcome, hash) => {
          if (outcome === "reverted") void showSubmitted(request.optionKey, hash, "reverted");
        },
      });
      if (result.ok) submitted = result.hash;
      else showWalletError(slot, result.reason, request.network.name);
    } catch {
      // The wallet code itself failed to load (offline, a new deployment).
      showWalletError(slot, "other", request.network.name);
    } finally {
      walletBusy = false;
      setStep(null);
    }
    if (submitted) await showSubmitted(request.optionKey, submitted, "sent");
    else if (dirty) await refresh().catch(() => {});
  }

  /** The server renders "Payment sent from your wallet" from the URL, so it survives a reload too. */
  async function showSubmitted(optionKey: string, hash: string, outcome: "sent" | "reverted") {
    const url = new URL(location.href);
    url.searchParams.set("option", optionKey);
    url.searchParams.set("tx", hash);
    if (outcome === "reverted") url.searchParams.set("tx_status", "reverted");
    url.hash = "";
    history.replaceState(null, "", url);
    dirty = true; // if this refresh fails, the next poll retries it
    await refresh().catch(() => {});
  }

  // ---- live status
  const live = card.querySelector<HTMLElement>("[data-live]")!;
  const stale = card.querySelector<HTMLElement>("[data-stale]")!;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const isFinal = () => card.hasAttribute("data-final");

  async function poll() {
    timer = undefined;
    if (isFinal() || document.hidden) return; // a hidden tab polls again when it is shown
    try {
      const res = await fetch(`/pay/${encodeURIComponent(invoiceId)}/status`, {
        cache: "no-store",
        headers: { accept: "application/json" },
      });
      if (!res.ok) throw new Error(`status ${res.status}`);
      const state = (await res.json()) as { version: string };
      if (dirty || state.version !== version) await refresh();
      stale.hidden = true;
    } catch {
      stale.hidden = false;
    }
    schedule();
  }

  function schedule() {
    if (!isFinal() && timer === undefined) timer = setTimeout(() => void poll(), POLL_MS);
  }

  /** Fetch this page again and bring every changed region in; never in the middle of a wallet payment. */
  async function refresh() {
    if (walletBusy) {
      dirty = true;
      return;
    }
    const res = await fetch(location.href, { cache: "no-store", headers: { accept: "text/html" } });
    if (!res.ok) throw new Error(`page ${res.status}`);
    const next = new DOMParser().parseFromString(await res.text(), "text/html");
    const fresh = next.querySelector<HTMLElement>("[data-checkout]");
    if (!fresh) throw new Error("page without [data-checkout]");
    if (walletBusy) {
      dirty = true;
      return;
    }
    dirty = false;

    const focusedId = document.activeElement?.id;
    for (const region of regions(fresh)) {
      const name = region.dataset.region!;
      const current = card.querySelector<HTMLElement>(`[data-region="${name}"]`);
      if (!current) continue;
      current.className = region.className;
      current.hidden = region.hidden;
      if (served.get(name) === region.innerHTML) continue;
      served.set(name, region.innerHTML);
      current.innerHTML = region.innerHTML;
      enhance(current);
    }
    const freshLive = fresh.querySelector<HTMLElement>("[data-live]")!;
    if (live.textContent !== freshLive.textContent) live.textContent = freshLive.textContent;
    live.className = freshLive.className;

    version = fresh.dataset.version!;
    card.toggleAttribute("data-final", fresh.hasAttribute("data-final"));
    document.title = next.title;
    if (focusedId && document.activeElement === document.body) document.getElementById(focusedId)?.focus();
  }

  document.addEventListener("visibilitychange", () => {
    // Back to the tab: check now rather than at the next tick.
    if (document.visibilityState !== "visible" || isFinal()) return;
    clearTimeout(timer);
    void poll();
  });

  // ---- start
  enhance(card);
  discoverWallets((found) => {
    wallets = found;
    renderWallets(card);
  });
  // A link to a heading (`?option=…#pay`, `#choose`): keyboard and screen-reader users land on it.
  if (location.hash.length > 1) document.getElementById(decodeURIComponent(location.hash.slice(1)))?.focus();
  schedule();
}

function regions(root: ParentNode): HTMLElement[] {
  return [...root.querySelectorAll<HTMLElement>("[data-region]")];
}

/** `<time data-local>` arrives in UTC (the server can't know the viewer's zone): show it in theirs. */
function localizeTimes(root: ParentNode) {
  for (const el of root.querySelectorAll<HTMLTimeElement>("time[data-local]")) el.textContent = localLabel(el.dateTime);
}

/** A merchant logo that doesn't load gives way to the neutral mark next to it. */
function watchLogo(root: ParentNode) {
  for (const img of root.querySelectorAll<HTMLImageElement>("img[data-logo]")) {
    const fallBack = () => {
      img.hidden = true;
      const mark = img.nextElementSibling as HTMLElement | null;
      if (mark) mark.hidden = false;
    };
    if (img.complete && img.naturalWidth === 0) fallBack();
    else img.addEventListener("error", fallBack, { once: true });
  }
}

const copyTimers = new WeakMap<HTMLButtonElement, ReturnType<typeof setTimeout>>();

/**
 * Copies the button's `data-copy` exactly. Its accessible name is "Copy <what>" and becomes "Copied"
 * (or "Copy failed") for two seconds, so people using a screen reader hear the result on the button.
 */
async function copy(button: HTMLButtonElement) {
  let state: "copied" | "failed";
  try {
    // navigator.clipboard is missing on plain-http hosts other than localhost.
    if (!navigator.clipboard) throw new Error("Clipboard API unavailable");
    await navigator.clipboard.writeText(button.dataset.copy!);
    state = "copied";
  } catch {
    state = "failed";
  }
  const show = (s: string) => {
    for (const part of button.querySelectorAll<HTMLElement>("[data-when]")) part.hidden = part.dataset.when !== s;
  };
  show(state);
  clearTimeout(copyTimers.get(button));
  copyTimers.set(
    button,
    setTimeout(() => show("idle"), COPY_RESET_MS),
  );
}

function walletName(w: DetectedWallet): string {
  return w.name ?? t.wallet.browserWallet;
}

function stepText(step: "loading" | WalletStep, network: string): string {
  if (step === "loading") return t.wallet.loading;
  if (step === "connecting") return t.wallet.connecting;
  if (step === "switching") return t.wallet.switching(network);
  return t.wallet.confirming;
}

/** Why the wallet didn't pay, as an alert under its buttons (the other ways to pay stay). */
function showWalletError(slot: HTMLElement, reason: WalletFailure, network: string) {
  const alert = document.createElement("p");
  alert.setAttribute("role", "alert");
  alert.dataset.walletError = "";
  alert.className = "rounded-lg bg-red-50 p-3 text-sm text-red-900 dark:bg-red-500/10 dark:text-red-200";
  alert.textContent = reason === "switch" ? t.wallet.errors.switch(network) : t.wallet.errors[reason];
  slot.querySelector("[data-wallet-step]")!.after(alert);
}
