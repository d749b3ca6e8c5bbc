import type { InvoiceStatus, ReviewReason } from "@/server/invoices/invoice.schema";

/**
 * Every sentence a paying customer reads, in one place so it can be translated. Amounts arrive as the
 * server's decimal strings and are only interpolated, never computed.
 */
export const checkoutStrings = {
  pageTitle: (merchant: string) => `Pay ${merchant}`,
  merchantLogo: (merchant: string) => `${merchant} logo`,
  amountDue: "Amount due",
  stillDue: "Still due",
  ofTotal: (amount: string, asset: string) => `of ${amount} ${asset} in total`,
  amountWithAsset: (amount: string, asset: string) => `${amount} ${asset}`,
  priceIn: (amount: string, currency: string) => `${amount} ${currency}`,
  lockedRate: (asset: string, rate: string, currency: string) => `1 ${asset} = ${rate} ${currency}`,

  choose: {
    heading: "Choose how to pay",
    hint: "Pick the network your wallet uses. The asset and the amount are shown for each.",
    networkLabel: "Network",
    assetLabel: "Asset",
    optionName: (asset: string, network: string, amount: string) => `Pay ${amount} ${asset} on ${network}`,
    change: "Change",
    changeName: "Change network or asset",
  },

  payWith: (asset: string, network: string) => `Pay with ${asset} on ${network}`,
  network: "Network",
  asset: "Asset",
  tokenContract: "Token contract",
  nativeAsset: (network: string) => `Native coin of ${network}`,
  networkWarning: (asset: string, network: string) =>
    `Send only ${asset} on ${network}. Other networks or assets will not be credited automatically.`,
  address: "Address",
  addressHint: "Check the first and last characters in your wallet before sending.",
  amount: "Amount",
  exactAmountHint: "Send exactly this amount. Some wallets and exchanges deduct a fee: make sure this much arrives.",
  copy: "Copy",
  copied: "Copied",
  copyFailed: "Copy failed",
  copyAddress: "address",
  copyAmount: "amount",
  qrLabel: (amount: string, asset: string, network: string) => `QR code to pay ${amount} ${asset} on ${network}`,
  qrHint: "Scan with your phone's wallet app.",
  openInWallet: "Open in wallet",
  orPayManually: "or pay from any wallet",
  noPaymentOption: "This payment request has no payment method yet. Please contact the merchant.",

  partial: {
    heading: "Part of the payment arrived",
    received: "Received",
    stillDue: "Still due",
    payRest: "Pay the rest to the same address. The amount and QR code below are for what is still due.",
    payRestAnyNetwork:
      "Pay the rest to the same address, on any of the listed networks. The amounts below are for what is still due.",
  },

  pending: {
    heading: "We've seen your payment",
    body: (network: string) =>
      `It is being confirmed on ${network}. This page updates by itself: there is no need to pay again or to keep it open.`,
  },

  wallet: {
    payWith: (wallet: string) => `Pay with ${wallet}`,
    browserWallet: "browser wallet",
    loading: "Opening your wallet…",
    connecting: "Approve the connection in your wallet…",
    switching: (network: string) => `Switch your wallet to ${network}…`,
    confirming: "Confirm the payment in your wallet…",
    submittedHeading: "Payment sent from your wallet",
    submittedBody: "Waiting for the network to include it. You don't need to do anything else.",
    transaction: "Transaction",
    viewOnExplorer: "View on explorer",
    errors: {
      rejected: "You declined the request in your wallet. Nothing was sent. You can try again.",
      switch: (network: string) =>
        `Your wallet could not switch to ${network}. Switch it by hand and try again, or pay with the details below.`,
      funds: "Your wallet doesn't hold enough for this payment and its network fee. Nothing was sent.",
      reverted: "The transaction failed on the network, so nothing was paid. You can try again.",
      unavailable: "No browser wallet answered. Unlock it and try again, or pay with the details below.",
      other: "Your wallet couldn't send the payment. You can try again, or pay with the details below.",
    },
  },

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
  backToMerchant: (merchant: string) => `Back to ${merchant}`,

  final: {
    expired: (merchant: string) =>
      `This payment request expired before a payment arrived. Don't send funds to this address. To pay, ask ${merchant} for a new payment link.`,
    cancelled: (merchant: string) => `${merchant} cancelled this payment request. Don't send funds to this address.`,
    review_required: (merchant: string) =>
      `Your payment arrived and ${merchant} is reviewing it. Don't pay again: ${merchant} will complete the order or refund you.`,
    refunded: (merchant: string) => `${merchant} refunded this payment. Don't send funds to this address.`,
  } satisfies Record<
    Exclude<InvoiceStatus, "created" | "pending" | "partially_paid" | "paid">,
    (merchant: string) => string
  >,
  alreadyPaid: {
    heading: "Already sent a payment?",
    body: (merchant: string) =>
      `Payments that arrive late are still detected. ${merchant} will see yours and complete your order or refund you. Keep your transaction hash and contact them.`,
  },
  reviewAmounts: {
    requested: "Requested",
    received: "Received",
    extra: "More than requested",
    arrived: "What arrived",
    paymentOn: (amount: string, network: string) => `${amount} on ${network}`,
  },
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
