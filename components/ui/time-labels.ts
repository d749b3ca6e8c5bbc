// A moment as people read it: shared by server renders and browser scripts.

const UTC = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

/** A moment in UTC, labelled as such: what a server can show before it knows the viewer's time zone. */
export const utcLabel = (iso: string) => `${UTC.format(new Date(iso))} UTC`;

/** A moment in the viewer's own time zone (browser only). */
export const localLabel = (iso: string) =>
  new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" }).format(new Date(iso));
