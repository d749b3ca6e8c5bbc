import type { InvoiceStatus, ReviewReason } from "@/server/invoices/invoice.schema";

/**
 * Every sentence a paying customer reads, in one place so it can be translated. Amounts arrive as the
 * server's decimal strings and are only interpolated, never computed.
 */
export const checkoutStrings = {
  pageTitle: (merchant: string) => `Pay ${merchant}`,
  amountDue: "Amount due",
  amountWithAsset: (amount: string, asset: string) => `${amount} ${asset}`,
  priceIn: (amount: string, currency: string) => `${amount} ${currency}`,

  network: "Network",
  networkWarning: (asset: string, network: string) =>
    `Send only ${asset} on ${network}. Other networks or assets will not be credited automatically.`,
  address: "Address",
  amount: "Amount",
  copy: "Copy",
  copied: "Copied",
  copyFailed: "Copy failed",
  copyAddress: "address",
  copyAmount: "amount",
  qrLabel: (amount: string, asset: string, network: string) => `QR code to pay ${amount} ${asset} on ${network}`,
  openInWallet: "Open in wallet",
  noPaymentOption: "This payment request has no payment method yet. Please contact the merchant.",

  timeLeft: "Time left",
  timeUp: "Time is up",

  status: {
    created: "Waiting for payment",
    pending: (confirmations: number, required: number) => `Payment seen — confirming (${confirmations} of ${required})`,
    pendingUnknown: "Payment seen — confirming",
    partiallyPaid: (received: string, due: string, currency: string) =>
      `Partially paid — ${received} ${currency} received, ${due} ${currency} still due`,
    paid: "Paid",
    expired: "Expired",
    cancelled: "Cancelled",
    review_required: "Under review",
    refunded: "Refunded",
  },
  confirmationsLabel: "Confirmations",
  reconnecting: "Can't reach the server. Retrying…",

  receipt: {
    heading: "Receipt",
    amount: "Amount",
    network: "Network",
    transaction: "Transaction",
    time: "Date",
    viewOnExplorer: "View on explorer",
    closeHint: "You can close this page.",
  },
  backToMerchant: "Back to merchant",

  final: {
    expired: (merchant: string) =>
      `This payment request expired before a payment arrived. Don't send funds to this address. To pay, ask ${merchant} for a new payment link.`,
    cancelled: (merchant: string) =>
      `${merchant} cancelled this payment request. Don't send funds to this address.`,
    review_required: (merchant: string) =>
      `Your payment arrived and ${merchant} is reviewing it. Don't pay again: ${merchant} will complete the order or refund you.`,
    refunded: (merchant: string) => `${merchant} refunded this payment. Don't send funds to this address.`,
  } satisfies Record<Exclude<InvoiceStatus, "created" | "pending" | "partially_paid" | "paid">, (merchant: string) => string>,
  reviewReason: {
    underpaid: "Less than the requested amount was received before the request expired.",
    overpaid: "More than the requested amount was received.",
    late_payment: "The payment arrived after the request had expired or was cancelled.",
    wrong_asset: "The payment was made in a different asset than requested.",
    wrong_network: "The payment was sent on a different network than requested.",
    reorged: "The network reversed the block that contained the payment.",
  } satisfies Record<ReviewReason, string>,
  contactSupport: "Questions? Contact",

  notFound: {
    title: "This payment link is not valid",
    body: "Check that you opened the full link you received. If it still doesn't work, ask the merchant for a new payment link.",
  },
} as const;
