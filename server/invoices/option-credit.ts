/**
 * How what an option received counts towards its invoice, and what is still due in it. An option's
 * locked amount (base units) is worth the whole invoice amount (currency minor units): that ratio
 * converts both ways, rounding in the merchant's favour. For a crypto invoice the ratio is the
 * decimal rescaling; for a fiat one it is the locked rate.
 */

/** What an option received (base units, all its confirmed payments summed) in currency minor units, rounded down. */
export function creditInCurrency(received: bigint, opts: { invoiceAmount: bigint; optionAmount: bigint }): bigint {
  return (received * opts.invoiceAmount) / opts.optionAmount;
}

/**
 * What is still due in an option's base units, given what it received and what the other options
 * are credited with (currency minor units): the least that, added to what it received, credits the
 * rest of the invoice amount. Paying it makes the invoice paid and never overpaid by a whole minor unit.
 */
export function dueInOption(opts: {
  invoiceAmount: bigint;
  optionAmount: bigint;
  received: bigint;
  creditedByOthers: bigint;
}): bigint {
  const rest = opts.invoiceAmount - opts.creditedByOthers;
  if (rest <= 0n) return 0n;
  const needed = (rest * opts.optionAmount + opts.invoiceAmount - 1n) / opts.invoiceAmount;
  return needed > opts.received ? needed - opts.received : 0n;
}
