"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { UserPlus, Users } from "lucide-react";
import { useEffect, useState } from "react";
import { useForm, useWatch } from "react-hook-form";
import { toast } from "sonner";
import { CopyButton } from "@/components/checkout/copy-button";
import { useTRPC } from "@/components/trpc-provider";
import { Button, buttonClasses } from "@/components/ui/button";
import { Dialog, DialogContent, DialogTrigger } from "@/components/ui/dialog";
import { FieldError, FieldHint, Input, Label, Select } from "@/components/ui/input";
import { Table, TD, TH, THead, TR } from "@/components/ui/table";
import { roleDescriptions, roles, type Role } from "@/server/auth/permissions";
import { inviteMemberRequest, type InviteMemberRequest } from "@/server/team/team.schema";
import { useDashboard } from "../dashboard-context";
import { DateTime } from "../display";
import { cursorParams, Pager, useLocalCursor } from "../pager";
import { EmptyState, ErrorState, Panel, TableSkeleton } from "../states";

function InviteDialog() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { scope, role } = useDashboard();
  const [open, setOpen] = useState(false);
  const invite = useMutation(trpc.team.invite.mutationOptions());
  const form = useForm<InviteMemberRequest>({
    resolver: zodResolver(inviteMemberRequest),
    defaultValues: { email: "", role: "developer" },
  });
  const chosenRole = useWatch({ control: form.control, name: "role" });
  const grantable = roles.filter((r) => r !== "owner" || role === "owner");
  const onOpenChange = (next: boolean) => {
    setOpen(next);
    if (!next) {
      invite.reset();
      form.reset();
    }
  };
  const onSubmit = form.handleSubmit((values) =>
    invite.mutate(
      { ...scope, ...values },
      {
        onSuccess: () => void queryClient.invalidateQueries({ queryKey: trpc.team.pathKey() }),
        onError: (e) => form.setError("root", { message: e.message }),
      },
    ),
  );
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogTrigger className={buttonClasses({ size: "sm" })}>
        <UserPlus aria-hidden className="size-4" /> Invite member
      </DialogTrigger>
      <DialogContent
        title={invite.data ? "Invitation link" : "Invite a teammate"}
        description={
          invite.data
            ? "Send this link to them. It works once, for 7 days, and only for the email you entered."
            : "They get a link to join with the role you choose."
        }
      >
        {invite.data ? (
          <div className="flex flex-col gap-4">
            <div className="flex items-center gap-2 rounded-lg border bg-muted/40 p-3">
              <code className="flex-1 break-all font-mono text-xs" data-testid="invitation-link">
                {invite.data.url}
              </code>
              <CopyButton value={invite.data.url} what="invitation link" />
            </div>
            <div className="flex justify-end">
              <Button onClick={() => onOpenChange(false)}>Done</Button>
            </div>
          </div>
        ) : (
          <form onSubmit={onSubmit} className="flex flex-col gap-4" noValidate>
            {form.formState.errors.root && (
              <p
                role="alert"
                className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800 dark:bg-red-500/10 dark:text-red-300"
              >
                {form.formState.errors.root.message}
              </p>
            )}
            <div className="flex flex-col gap-1.5">
              <Label htmlFor="invite-email">Email</Label>
              <Input
                id="invite-email"
                type="email"
                aria-invalid={form.formState.errors.email ? true : undefined}
                aria-describedby="invite-email-error"
                {...form.register("email")}
              />
              <FieldError id="invite-email-error" message={form.formState.errors.email?.message} />
            </div>
            <div className="flex flex-col gap-1.5">
              <Label htmlFor="invite-role">Role</Label>
              <Select id="invite-role" aria-describedby="invite-role-hint" {...form.register("role")}>
                {grantable.map((r) => (
                  <option key={r} value={r}>
                    {r}
                  </option>
                ))}
              </Select>
              <FieldHint id="invite-role-hint">{roleDescriptions[chosenRole]}</FieldHint>
            </div>
            <div className="flex justify-end gap-2">
              <Button variant="secondary" onClick={() => onOpenChange(false)}>
                Cancel
              </Button>
              <Button type="submit" disabled={invite.isPending}>
                {invite.isPending ? "Creating link…" : "Create invitation link"}
              </Button>
            </div>
          </form>
        )}
      </DialogContent>
    </Dialog>
  );
}

/**
 * The active API keys the member created here (both modes): keys outlive their creator's membership, so
 * the removal offers to revoke them, all checked by default.
 */
function MemberKeys({
  membershipId,
  revoke,
  onChange,
}: {
  membershipId: string;
  revoke: string[] | undefined;
  onChange: (ids: string[]) => void;
}) {
  const trpc = useTRPC();
  const { scope } = useDashboard();
  const query = useQuery(trpc.team.memberApiKeys.queryOptions({ ...scope, membershipId }));
  useEffect(() => {
    if (query.data && revoke === undefined) onChange(query.data.map((k) => k.id));
  }, [query.data, revoke, onChange]);
  if (!query.data || query.data.length === 0) return null;
  return (
    <fieldset className="mb-4 flex flex-col gap-1.5" data-testid="member-api-keys">
      <legend className="mb-1 text-sm font-medium">API keys they created — revoke with the removal:</legend>
      {query.data.map((k) => (
        <label key={k.id} className="flex items-center gap-2 text-sm">
          <input
            type="checkbox"
            checked={revoke?.includes(k.id) ?? false}
            onChange={(e) =>
              onChange(e.target.checked ? [...(revoke ?? []), k.id] : (revoke ?? []).filter((id) => id !== k.id))
            }
          />
          {k.name ?? "Unnamed"} <code className="font-mono text-xs">{k.prefix}…</code>{" "}
          {k.livemode ? "(live)" : "(test)"}
        </label>
      ))}
    </fieldset>
  );
}

function MemberActions({ member }: { member: { id: string; email: string; role: Role; userId: string } }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { scope, role, user } = useDashboard();
  const [confirm, setConfirm] = useState(false);
  // The member's keys to revoke with the removal; undefined until the list arrives (then all of them, by default).
  const [revokeKeys, setRevokeKeys] = useState<string[]>();
  const refresh = () => void queryClient.invalidateQueries({ queryKey: trpc.team.pathKey() });
  const changeRole = useMutation(
    trpc.team.changeRole.mutationOptions({
      onSuccess: () => {
        toast.success("Role changed");
        refresh();
      },
      onError: (e) => toast.error(e.message),
    }),
  );
  const remove = useMutation(
    trpc.team.remove.mutationOptions({
      onSuccess: () => {
        toast.success("Member removed");
        setConfirm(false);
        refresh();
      },
      onError: (e) => toast.error(e.message),
    }),
  );
  const mayTouch = role === "owner" || member.role !== "owner";
  if (!mayTouch) return <span className="text-xs text-muted-foreground">Only owners can change an owner</span>;
  return (
    <div className="flex items-center justify-end gap-2">
      <Label htmlFor={`role-${member.id}`} className="sr-only">
        Role of {member.email}
      </Label>
      <Select
        id={`role-${member.id}`}
        value={member.role}
        className="h-8 w-32"
        disabled={changeRole.isPending}
        onChange={(e) => changeRole.mutate({ ...scope, membershipId: member.id, role: e.target.value as Role })}
      >
        {roles
          .filter((r) => r !== "owner" || role === "owner")
          .map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
      </Select>
      <Dialog open={confirm} onOpenChange={setConfirm}>
        <DialogTrigger className={buttonClasses({ variant: "secondary", size: "sm" })}>
          {member.userId === user.id ? "Leave" : "Remove"}
          <span className="sr-only"> {member.email}</span>
        </DialogTrigger>
        <DialogContent
          title={member.userId === user.id ? "Leave this merchant?" : `Remove ${member.email}?`}
          description="They lose access at once. They can be invited again later."
        >
          {confirm && <MemberKeys membershipId={member.id} revoke={revokeKeys} onChange={setRevokeKeys} />}
          <div className="flex justify-end gap-2">
            <Button variant="secondary" onClick={() => setConfirm(false)}>
              Cancel
            </Button>
            <Button
              disabled={remove.isPending}
              onClick={() => remove.mutate({ ...scope, membershipId: member.id, revokeApiKeyIds: revokeKeys ?? [] })}
            >
              {member.userId === user.id ? "Leave" : "Remove member"}
            </Button>
          </div>
        </DialogContent>
      </Dialog>
    </div>
  );
}

function Invitations() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { scope } = useDashboard();
  const [cursor, setCursor] = useLocalCursor();
  const query = useQuery(trpc.team.invitations.queryOptions({ ...scope, ...cursorParams(cursor, 10) }));
  const revoke = useMutation(
    trpc.team.revokeInvitation.mutationOptions({
      onSuccess: () => {
        toast.success("Invitation withdrawn");
        void queryClient.invalidateQueries({ queryKey: trpc.team.pathKey() });
      },
      onError: (e) => toast.error(e.message),
    }),
  );
  if (query.isPending || query.isError || query.data.data.length === 0) return null;
  return (
    <Panel title="Open invitations">
      <Table>
        <THead>
          <tr>
            <TH>Email</TH>
            <TH>Role</TH>
            <TH>Invited by</TH>
            <TH>Expires</TH>
            <TH className="text-right">Action</TH>
          </tr>
        </THead>
        <tbody>
          {query.data.data.map((i) => (
            <TR key={i.id}>
              <TD>{i.email}</TD>
              <TD>{i.role}</TD>
              <TD className="text-muted-foreground">{i.invitedBy}</TD>
              <TD className="text-muted-foreground">
                <DateTime value={i.expiresAt} />
              </TD>
              <TD className="text-right">
                <Button variant="secondary" size="sm" onClick={() => revoke.mutate({ ...scope, id: i.id })}>
                  Withdraw<span className="sr-only"> invitation for {i.email}</span>
                </Button>
              </TD>
            </TR>
          ))}
        </tbody>
      </Table>
      <Pager
        label="invitations"
        cursor={cursor}
        onChange={setCursor}
        rows={query.data.data}
        hasMore={query.data.has_more}
      />
    </Panel>
  );
}

/** The team: members with their roles (change, remove), open invitations, invite by link. */
export function TeamPage() {
  const trpc = useTRPC();
  const { scope, can } = useDashboard();
  const [cursor, setCursor] = useLocalCursor();
  const query = useQuery(trpc.team.members.queryOptions({ ...scope, ...cursorParams(cursor) }));
  const mayWrite = can("team:write");
  return (
    <div className="flex flex-col gap-6">
      <Panel title="Members" actions={mayWrite ? <InviteDialog /> : undefined}>
        {query.isPending ? (
          <TableSkeleton rows={3} columns={3} />
        ) : query.isError ? (
          <ErrorState message={query.error.message} onRetry={() => void query.refetch()} />
        ) : query.data.data.length === 0 ? (
          <EmptyState icon={Users} title="No members" />
        ) : (
          <>
            <Table>
              <THead>
                <tr>
                  <TH>Member</TH>
                  <TH>Role</TH>
                  <TH>Joined</TH>
                  {mayWrite && <TH className="text-right">Manage</TH>}
                </tr>
              </THead>
              <tbody>
                {query.data.data.map((m) => (
                  <TR key={m.id}>
                    <TD>
                      <span className="font-medium">{m.name ?? m.email}</span>
                      {m.name && <span className="block text-xs text-muted-foreground">{m.email}</span>}
                    </TD>
                    <TD title={roleDescriptions[m.role]}>{m.role}</TD>
                    <TD className="text-muted-foreground">
                      <DateTime value={m.createdAt} />
                    </TD>
                    {mayWrite && (
                      <TD>
                        <MemberActions member={m} />
                      </TD>
                    )}
                  </TR>
                ))}
              </tbody>
            </Table>
            <Pager
              label="members"
              cursor={cursor}
              onChange={setCursor}
              rows={query.data.data}
              hasMore={query.data.has_more}
            />
          </>
        )}
      </Panel>
      {mayWrite && <Invitations />}
      <Panel title="Roles">
        <dl className="grid gap-3 p-4 sm:grid-cols-2">
          {roles.map((r) => (
            <div key={r}>
              <dt className="text-sm font-medium">{r}</dt>
              <dd className="text-sm text-muted-foreground">{roleDescriptions[r]}</dd>
            </div>
          ))}
        </dl>
      </Panel>
    </div>
  );
}
