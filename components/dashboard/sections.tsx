"use client";

import type { ReactNode } from "react";
import { useDashboard } from "./dashboard-context";
import { ApiKeysPanel } from "./developers/api-keys-page";
import { EndpointDetail } from "./developers/endpoint-detail";
import { WebhooksPanel } from "./developers/webhooks-page";
import { PageHeader } from "./states";
import { NotAllowed, SectionTabs } from "./tabs";
import { SettingsForm } from "./settings/settings-form";
import { TeamPage } from "./settings/team-page";
import { AuditPage } from "./settings/audit-page";
import { NetworksPage } from "./settings/networks-page";
import { SecurityPage } from "./settings/security-page";

const developerTabs = [
  { path: "/developers", label: "API keys" },
  { path: "/developers/webhooks", label: "Webhooks" },
];

export function DevelopersSection({ children }: { children: ReactNode }) {
  return (
    <>
      <PageHeader title="Developers" description="Keys for your backend and endpoints for Payrail's webhooks." />
      <SectionTabs label="Developers" tabs={developerTabs} />
      {children}
    </>
  );
}

export function ApiKeysSection() {
  const { can } = useDashboard();
  return (
    <DevelopersSection>{can("api_keys:read") ? <ApiKeysPanel /> : <NotAllowed what="API keys" />}</DevelopersSection>
  );
}

export function WebhooksSection() {
  const { can } = useDashboard();
  return (
    <DevelopersSection>
      {can("webhooks:read") ? <WebhooksPanel /> : <NotAllowed what="webhook endpoints" />}
    </DevelopersSection>
  );
}

export function EndpointSection({ id }: { id: string }) {
  const { can } = useDashboard();
  return can("webhooks:read") ? (
    <EndpointDetail id={id} />
  ) : (
    <DevelopersSection>
      <NotAllowed what="webhook endpoints" />
    </DevelopersSection>
  );
}

const settingsTabs = [
  { path: "/settings", label: "General" },
  { path: "/settings/team", label: "Team" },
  { path: "/settings/networks", label: "Networks" },
  { path: "/settings/audit", label: "Audit log" },
  { path: "/settings/security", label: "Security" },
];

function SettingsSection({ children }: { children: ReactNode }) {
  return (
    <>
      <PageHeader title="Settings" />
      <SectionTabs label="Settings" tabs={settingsTabs} />
      {children}
    </>
  );
}

export const GeneralSettings = () => (
  <SettingsSection>
    <SettingsForm />
  </SettingsSection>
);
export const TeamSettings = () => (
  <SettingsSection>
    <TeamPage />
  </SettingsSection>
);
export const NetworkSettings = () => (
  <SettingsSection>
    <NetworksPage />
  </SettingsSection>
);
export const SecuritySettings = () => (
  <SettingsSection>
    <SecurityPage />
  </SettingsSection>
);
export function AuditSettings() {
  const { can } = useDashboard();
  return <SettingsSection>{can("audit:read") ? <AuditPage /> : <NotAllowed what="the audit log" />}</SettingsSection>;
}

/** An honest placeholder for a section that is not built yet. */
export function ComingSoon({ title, children }: { title: string; children: ReactNode }) {
  return (
    <>
      <PageHeader title={title} />
      <div className="rounded-xl border border-dashed p-10 text-center">
        <p className="text-sm font-medium">Coming soon</p>
        <p className="mx-auto mt-1 max-w-md text-sm text-muted-foreground">{children}</p>
      </div>
    </>
  );
}
