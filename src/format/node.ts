// `docker node ls` rows and `node inspect --pretty` (cli/command/node/formatter.go,
// docker-cli-output.md §1.8, §3.3).
import { GO_TYPE } from './template/values';
import { goTimeString } from '../engine/time';
import { bytesSize } from './bytes';

type Json = Record<string, any>;

export const NODE_TABLE =
  'table {{.ID}} {{if .Self}}*{{else}} {{ end }}\t{{.Hostname}}\t{{.Status}}\t{{.Availability}}\t{{.ManagerStatus}}\t{{.EngineVersion}}';
export const NODE_HEADERS = {
  ID: 'ID',
  Self: '',
  Hostname: 'HOSTNAME',
  Status: 'STATUS',
  Availability: 'AVAILABILITY',
  ManagerStatus: 'MANAGER STATUS',
  EngineVersion: 'ENGINE VERSION',
  TLSStatus: 'TLS STATUS',
};

/** PrettyPrint: first letter upper, the rest lower (formatter/displayutils.go). */
export function prettyPrint(s: string | null | undefined): string {
  if (s === null || s === undefined) return 'None';
  if (s.length <= 1) return s.toLowerCase();
  return s[0].toUpperCase() + s.slice(1).toLowerCase();
}

export function nodeRow(n: Json, selfId: string): Json {
  let managerStatus = '';
  if (n.ManagerStatus) managerStatus = n.ManagerStatus.Leader ? 'Leader' : prettyPrint(n.ManagerStatus.Reachability);
  return {
    [GO_TYPE]: '*node.nodeContext',
    ID: n.ID,
    Self: n.ID === selfId,
    Hostname: n.Description.Hostname,
    Status: prettyPrint(n.Status.State),
    Availability: prettyPrint(n.Spec.Availability),
    ManagerStatus: managerStatus,
    EngineVersion: n.Description.Engine.EngineVersion,
    TLSStatus: 'Ready',
  };
}

export const NODE_PRETTY = `ID:			{{.ID}}
{{- if .Name }}
Name:			{{.Name}}
{{- end }}
{{- if .Labels }}
Labels:
{{- range $k, $v := .Labels }}
 - {{ $k }}{{if $v }}={{ $v }}{{ end }}
{{- end }}{{ end }}
Hostname:              	{{.Hostname}}
Joined at:             	{{.CreatedAt}}
Status:
 State:			{{.StatusState}}
 {{- if .HasStatusMessage}}
 Message:              	{{.StatusMessage}}
 {{- end}}
 Availability:         	{{.SpecAvailability}}
 {{- if .Status.Addr}}
 Address:		{{.StatusAddr}}
 {{- end}}
{{- if .HasManagerStatus}}
Manager Status:
 Address:		{{.ManagerStatusAddr}}
 Raft Status:		{{.ManagerStatusReachability}}
 {{- if .IsManagerStatusLeader}}
 Leader:		Yes
 {{- else}}
 Leader:		No
 {{- end}}
{{- end}}
Platform:
 Operating System:	{{.PlatformOS}}
 Architecture:		{{.PlatformArchitecture}}
Resources:
 CPUs:			{{.ResourceNanoCPUs}}
 Memory:		{{.ResourceMemory}}
{{- if .HasEnginePlugins}}
Plugins:
{{- range $k, $v := .EnginePlugins }}
 {{ $k }}:{{if $v }}		{{ $v }}{{ end }}
{{- end }}
{{- end }}
Engine Version:		{{.EngineVersion}}
{{- if .EngineLabels}}
Engine Labels:
{{- range $k, $v := .EngineLabels }}
 - {{ $k }}{{if $v }}={{ $v }}{{ end }}
{{- end }}{{- end }}
{{- if .HasTLSInfo}}
TLS Info:
 TrustRoot:
{{.TLSInfoTrustRoot}}
 Issuer Subject:	{{.TLSInfoCertIssuerSubject}}
 Issuer Public Key:	{{.TLSInfoCertIssuerPublicKey}}
{{- end}}`;

/** The methods the pretty template calls (nodeInspectContext). */
export function nodePrettyContext(n: Json): Json {
  const plugins: Record<string, string[]> = {};
  for (const p of n.Description.Engine.Plugins ?? []) (plugins[p.Type] ??= []).push(p.Name);
  const pluginText: Record<string, string> = {};
  for (const k of Object.keys(plugins).sort()) pluginText[k] = plugins[k].join(', ');
  const tls = n.Description.TLSInfo ?? {};
  return {
    [GO_TYPE]: '*node.nodeInspectContext',
    ID: n.ID,
    Name: n.Spec.Name ?? '',
    Labels: n.Spec.Labels ?? {},
    Hostname: n.Description.Hostname,
    CreatedAt: prettyPrint(goTimeString(n.CreatedAt)),
    StatusState: prettyPrint(n.Status.State),
    HasStatusMessage: !!n.Status.Message,
    StatusMessage: prettyPrint(n.Status.Message ?? ''),
    SpecAvailability: prettyPrint(n.Spec.Availability),
    Status: n.Status,
    StatusAddr: n.Status.Addr,
    HasManagerStatus: !!n.ManagerStatus,
    ManagerStatusAddr: n.ManagerStatus?.Addr ?? '',
    ManagerStatusReachability: prettyPrint(n.ManagerStatus?.Reachability ?? ''),
    IsManagerStatusLeader: !!n.ManagerStatus?.Leader,
    PlatformOS: n.Description.Platform.OS,
    PlatformArchitecture: n.Description.Platform.Architecture,
    ResourceNanoCPUs: Math.trunc(n.Description.Resources.NanoCPUs / 1e9),
    ResourceMemory: bytesSize(n.Description.Resources.MemoryBytes),
    HasEnginePlugins: Object.keys(pluginText).length > 0,
    EnginePlugins: pluginText,
    EngineVersion: n.Description.Engine.EngineVersion,
    EngineLabels: n.Description.Engine.Labels ?? {},
    HasTLSInfo: !!tls.TrustRoot,
    TLSInfoTrustRoot: tls.TrustRoot ?? '',
    TLSInfoCertIssuerSubject: tls.CertIssuerSubject ?? '',
    TLSInfoCertIssuerPublicKey: tls.CertIssuerPublicKey ?? '',
  };
}
