"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { AlertTriangle, ArrowLeft, CheckCircle2, FileUp } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useRef, useState } from "react";
import { toast } from "sonner";
import { useTRPC } from "@/components/trpc-provider";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent } from "@/components/ui/dialog";
import { Label, Select } from "@/components/ui/input";
import { Table, TD, TH, THead, TR } from "@/components/ui/table";
import { MAX_CSV_CHARS, parsePayoutCsv, PAYOUT_CSV_HEADER } from "@/server/payouts/csv/parse-payout-csv";
import { useDashboard } from "../dashboard-context";
import { Amount, Mono, NetworkName } from "../display";
import { PageHeader, Panel } from "../states";
import { useSubmitOnce } from "../submit-once";
import { NotAllowed } from "../tabs";
import { defaultAssetOf, newIdempotencyKey, usePayoutTargets } from "./use-payout-targets";

/** Bytes read from a chosen file at most: well past a 1,000-row file, so that the row count is what refuses it. */
const MAX_FILE_BYTES = 8 * 1024 * 1024;
const EXAMPLE = `${PAYOUT_CSV_HEADER}\r\n0x70997970C51812dc3A010C7d01b50e0d17dc79C8,25.00,supplier-2026-001\r\n`;
const fieldWords = { row: "Row", address: "Address", amount: "Amount", reference: "Reference" } as const;

interface Loaded {
  name: string;
  csv: string;
}

/** Upload a CSV of payouts: check it (every bad row with its line and why, total against the balance), then create it. */
export function UploadPage() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const { scope, can, href } = useDashboard();
  const allowed = can("payouts:write");
  const targets = usePayoutTargets(allowed);
  const [network, setNetwork] = useState("");
  const [asset, setAsset] = useState("");
  const [file, setFile] = useState<Loaded | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  // One key per previewed content: a double click, or a retry after a lost answer, creates one batch.
  const [key, setKey] = useState(newIdempotencyKey);
  const input = useRef<HTMLInputElement>(null);
  const preview = useMutation(trpc.payouts.previewCsv.mutationOptions());
  const create = useMutation(trpc.payouts.createBatchFromCsv.mutationOptions());

  const net = network || targets.networks[0]?.id || "";
  const assets = targets.networks.find((n) => n.id === net)?.assets ?? [];
  const sym = asset || defaultAssetOf(assets);

  const check = (loaded: Loaded, n = net, a = sym) => {
    setKey(newIdempotencyKey());
    create.reset();
    const local = parsePayoutCsv(loaded.csv);
    if (!local.ok) {
      // The same check the server makes first: a file refused as a whole is not sent.
      preview.reset();
      setFileError(local.error);
      return;
    }
    if (loaded.csv.length > MAX_CSV_CHARS) {
      preview.reset();
      setFileError(
        `The file is over ${MAX_CSV_CHARS.toLocaleString("en-US")} characters: check it holds only payouts.`,
      );
      return;
    }
    setFileError(null);
    preview.mutate({ ...scope, network: n, asset: a, csv: loaded.csv });
  };

  const choose = async (f: File | undefined) => {
    if (!f) return;
    if (f.size > MAX_FILE_BYTES) {
      setFile(null);
      preview.reset();
      setFileError(`The file is ${(f.size / 1024 / 1024).toFixed(1)} MB: a batch file holds at most 1,000 rows.`);
      return;
    }
    const loaded = { name: f.name, csv: await f.text() };
    setFile(loaded);
    check(loaded);
  };

  const result = preview.data;
  const errors = result ? result.fileErrors.length + result.errors : 0;

  const submitOnce = useSubmitOnce();
  const submit = () =>
    result &&
    file &&
    submitOnce((settled) =>
      create.mutate(
        {
          ...scope,
          network: result.network,
          asset: result.asset,
          csv: file.csv,
          digest: result.digest,
          idempotencyKey: key,
        },
        {
          onSuccess: (batch) => {
            toast.success(`Batch of ${batch.count} payouts created`);
            void queryClient.invalidateQueries({ queryKey: trpc.payouts.pathKey() });
            void queryClient.invalidateQueries({ queryKey: trpc.ledger.balances.pathKey() });
            router.push(href(`/payouts/batches/${batch.id}`));
          },
          onError: () => setConfirming(false),
          onSettled: settled,
        },
      ),
    );

  const back = (
    <Link
      href={href("/payouts")}
      className="mb-4 inline-flex items-center gap-1 text-sm text-muted-foreground hover:text-foreground"
    >
      <ArrowLeft aria-hidden className="size-4" /> Payouts
    </Link>
  );
  if (!allowed)
    return (
      <>
        {back}
        <PageHeader title="Upload payouts" />
        <NotAllowed what="creating payouts" />
      </>
    );

  return (
    <>
      {back}
      <PageHeader
        title="Upload payouts"
        description="A CSV file of up to 1,000 payouts of one asset. Nothing is paid until you confirm the checked file."
      />
      <div className="flex flex-col gap-6">
        <Panel title="File">
          <div className="flex flex-col gap-4 p-4">
            <div className="flex flex-wrap items-end gap-3">
              <div className="flex flex-col gap-1">
                <Label htmlFor="upload-network" className="text-xs text-muted-foreground">
                  Network
                </Label>
                <Select
                  id="upload-network"
                  value={net}
                  className="w-44"
                  onChange={(e) => {
                    setNetwork(e.target.value);
                    setAsset("");
                    const first = defaultAssetOf(targets.networks.find((n) => n.id === e.target.value)?.assets ?? []);
                    if (file) check(file, e.target.value, first);
                  }}
                >
                  {targets.networks.map((n) => (
                    <option key={n.id} value={n.id}>
                      {n.name}
                    </option>
                  ))}
                </Select>
              </div>
              <div className="flex flex-col gap-1">
                <Label htmlFor="upload-asset" className="text-xs text-muted-foreground">
                  Asset
                </Label>
                <Select
                  id="upload-asset"
                  value={sym}
                  className="w-32"
                  onChange={(e) => {
                    setAsset(e.target.value);
                    if (file) check(file, net, e.target.value);
                  }}
                >
                  {assets.map((a) => (
                    <option key={a.symbol} value={a.symbol}>
                      {a.symbol}
                    </option>
                  ))}
                </Select>
              </div>
              <div className="flex min-w-0 flex-1 flex-col gap-1">
                <Label htmlFor="upload-file" className="text-xs text-muted-foreground">
                  CSV file
                </Label>
                <input
                  ref={input}
                  id="upload-file"
                  type="file"
                  accept=".csv,text/csv"
                  className="block w-full min-w-0 text-sm file:mr-3 file:rounded-md file:border file:bg-card file:px-3 file:py-1.5 file:text-sm file:font-medium hover:file:bg-muted"
                  disabled={targets.loading}
                  onChange={(e) => void choose(e.target.files?.[0])}
                />
              </div>
            </div>
            <p className="text-sm text-muted-foreground">
              The first line must be exactly{" "}
              <code className="font-mono text-xs text-foreground">{PAYOUT_CSV_HEADER}</code>, then one payout per line:
              an EVM address, an amount such as 25.00 and an optional reference, unique per payout.{" "}
              <a
                className="text-accent hover:underline"
                download="payouts-example.csv"
                href={`data:text/csv;charset=utf-8,${encodeURIComponent(EXAMPLE)}`}
              >
                Download an example
              </a>
              .
            </p>
          </div>
        </Panel>

        {(fileError || preview.isError) && (
          <div
            role="alert"
            className="flex gap-3 rounded-xl border border-red-200 bg-red-50 p-4 text-sm text-red-800 dark:border-red-500/30 dark:bg-red-500/10 dark:text-red-300"
          >
            <AlertTriangle aria-hidden className="mt-0.5 size-4 shrink-0" />
            <p>{fileError ?? preview.error?.message}</p>
          </div>
        )}

        {preview.isPending && (
          <Panel>
            <p aria-busy="true" className="px-4 py-6 text-sm text-muted-foreground">
              Checking {file?.name}…
            </p>
          </Panel>
        )}

        {result && !fileError && !preview.isPending && (
          <>
            <Panel title="Check">
              <dl className="grid grid-cols-2 gap-x-6 gap-y-4 p-4 sm:grid-cols-4">
                <div>
                  <dt className="text-xs text-muted-foreground">Rows</dt>
                  <dd className="text-sm tabular-nums" data-testid="preview-rows">
                    {result.rows}
                  </dd>
                </div>
                <div>
                  <dt className="text-xs text-muted-foreground">Total</dt>
                  <dd className="text-sm" data-testid="preview-total">
                    <Amount value={result.total} currency={result.asset} />
                  </dd>
                </div>
                <div>
                  <dt className="text-xs text-muted-foreground">Available</dt>
                  <dd className="text-sm">
                    <Amount value={result.available} currency={result.asset} />
                  </dd>
                </div>
                <div>
                  <dt className="text-xs text-muted-foreground">Network</dt>
                  <dd className="text-sm">
                    <NetworkName id={result.network} />
                  </dd>
                </div>
              </dl>
              <div className="border-t px-4 py-3" role="status">
                {result.canCreate ? (
                  <p className="flex items-center gap-2 text-sm text-emerald-700 dark:text-emerald-300">
                    <CheckCircle2 aria-hidden className="size-4" />
                    {result.rows} payout{result.rows === 1 ? "" : "s"} ready
                    {result.warnings > 0
                      ? `, ${result.warnings} warning${result.warnings === 1 ? "" : "s"} to look at`
                      : ""}
                    .
                  </p>
                ) : (
                  <p className="flex items-center gap-2 text-sm text-red-700 dark:text-red-300">
                    <AlertTriangle aria-hidden className="size-4" />
                    {errors} error{errors === 1 ? "" : "s"}: fix the file and choose it again.
                    {result.warnings > 0 ? ` ${result.warnings} warning${result.warnings === 1 ? "" : "s"}.` : ""}
                  </p>
                )}
                {result.fileErrors.map((e) => (
                  <p key={e} className="mt-2 text-sm text-red-700 dark:text-red-300">
                    {e}
                  </p>
                ))}
              </div>
            </Panel>

            {result.problems.length > 0 && (
              <Panel title="Rows to look at">
                <Table>
                  <THead>
                    <tr>
                      <TH scope="col">Line</TH>
                      <TH scope="col">Row</TH>
                      <TH scope="col">Field</TH>
                      <TH scope="col">Problem</TH>
                    </tr>
                  </THead>
                  <tbody>
                    {result.problems.map((p, i) => (
                      <TR key={`${p.line}-${p.code}-${i}`}>
                        <TD className="tabular-nums">{p.line}</TD>
                        <TD
                          className="max-w-64 truncate font-mono text-xs"
                          title={result.problemRows[p.line]?.join(",")}
                        >
                          {result.problemRows[p.line]?.join(",") || (
                            <span className="text-muted-foreground">(empty)</span>
                          )}
                        </TD>
                        <TD>{fieldWords[p.field]}</TD>
                        <TD className="min-w-64">
                          <span className="flex items-start gap-2">
                            <Badge tone={p.severity === "error" ? "red" : "amber"}>
                              {p.severity === "error" ? "Error" : "Warning"}
                            </Badge>
                            <span>{p.message}</span>
                          </span>
                        </TD>
                      </TR>
                    ))}
                  </tbody>
                </Table>
              </Panel>
            )}

            {result.payouts.length > 0 && (
              <Panel title={`Payouts in the file (${result.payouts.length})`}>
                <Table>
                  <THead>
                    <tr>
                      <TH scope="col">Line</TH>
                      <TH scope="col">To</TH>
                      <TH scope="col" className="text-right">
                        Amount
                      </TH>
                      <TH scope="col">Reference</TH>
                    </tr>
                  </THead>
                  <tbody>
                    {result.payouts.slice(0, 50).map((p) => (
                      <TR key={p.line}>
                        <TD className="tabular-nums">{p.line}</TD>
                        <TD>
                          <Mono value={p.address} />
                        </TD>
                        <TD className="text-right">
                          <Amount value={p.amount} currency={result.asset} />
                        </TD>
                        <TD className="max-w-48 truncate" title={p.reference ?? undefined}>
                          {p.reference ?? <span className="text-muted-foreground">—</span>}
                        </TD>
                      </TR>
                    ))}
                  </tbody>
                </Table>
                {result.payouts.length > 50 && (
                  <p className="border-t px-4 py-3 text-sm text-muted-foreground">
                    And {result.payouts.length - 50} more.
                  </p>
                )}
              </Panel>
            )}

            {create.isError && (
              <div
                role="alert"
                className="rounded-xl border border-red-200 bg-red-50 p-4 text-sm text-red-800 dark:border-red-500/30 dark:bg-red-500/10 dark:text-red-300"
              >
                {create.error.message}
              </div>
            )}

            <div className="flex flex-wrap items-center justify-end gap-2">
              <Button variant="secondary" onClick={() => input.current?.click()}>
                <FileUp aria-hidden className="size-4" /> Choose another file
              </Button>
              <Button disabled={!result.canCreate || create.isPending} onClick={() => setConfirming(true)}>
                Create batch
              </Button>
            </div>

            <Dialog open={confirming} onOpenChange={(o) => !create.isPending && setConfirming(o)}>
              <DialogContent
                title="Create this batch?"
                description="The payouts go out from your available balance: a payout sent on chain cannot be taken back."
              >
                <p className="text-sm">
                  Pay{" "}
                  <strong>
                    {result.rows} payout{result.rows === 1 ? "" : "s"}
                  </strong>{" "}
                  totalling{" "}
                  <strong>
                    <Amount value={result.total} currency={result.asset} />
                  </strong>{" "}
                  on <NetworkName id={result.network} />, from <span className="font-mono text-xs">{file?.name}</span>.
                </p>
                <div className="mt-4 flex justify-end gap-2">
                  <Button variant="secondary" disabled={create.isPending} onClick={() => setConfirming(false)}>
                    Back
                  </Button>
                  <Button disabled={create.isPending} onClick={submit}>
                    {create.isPending ? "Creating…" : `Pay ${result.total} ${result.asset}`}
                  </Button>
                </div>
              </DialogContent>
            </Dialog>
          </>
        )}
      </div>
    </>
  );
}
