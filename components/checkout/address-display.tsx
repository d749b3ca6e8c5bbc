/**
 * An address in groups of four characters (`0x 12Ab 34Cd …`), monospaced, with the first and last
 * groups emphasised: what people compare in their wallet. The gaps are CSS and the break points
 * <wbr>, so the text (selection, copy, search) is exactly the address.
 */
export function AddressDisplay({ address }: { address: string }) {
  const body = address.startsWith("0x") ? address.slice(2) : address;
  const groups = body.match(/.{1,4}/g) ?? [body];
  return (
    <p className="font-mono text-[0.95rem] leading-7 tracking-wide">
      {address.startsWith("0x") && <span className="mr-[0.5ch] text-muted-foreground">0x</span>}
      {groups.map((g, i) => (
        <span key={i}>
          <span
            className={i === 0 || i === groups.length - 1 ? "font-semibold" : undefined}
            style={{ marginRight: i < groups.length - 1 ? "0.5ch" : undefined }}
          >
            {g}
          </span>
          {i < groups.length - 1 && <wbr />}
        </span>
      ))}
    </p>
  );
}
