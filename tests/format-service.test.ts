import { describe, it, expect } from '@jest/globals';
import { formatRows } from '../src/format/formatter';
import { naturalCompare } from '../src/format/sort';
import {
  SERVICE_HEADERS,
  SERVICE_PRETTY,
  SERVICE_TABLE,
  goDuration,
  serviceRow,
  servicePorts,
  servicePrettyContext,
  stripImageDigest,
} from '../src/format/service';
import { TASK_HEADERS, TASK_TABLE, ellipsis, taskNodeName, taskRows } from '../src/format/task';

// Every expected output below is copied from /work/shared/reference/docker-cli-output.md
// (§1.5, §1.6, §3.2, §7.2); `REF_<line>` is the fenced block starting at that line.
// cat -A views (`^I` = TAB, `$` = end of line) are turned back into bytes by catA().

type Json = Record<string, any>;

const catA = (s: string): string => s.replace(/\^I/g, '\t').replace(/\$\n/g, '\n');

// ---------------------------------------------------------------------------------------------
// Reference blocks
// ---------------------------------------------------------------------------------------------

const REF_148 = "ID             NAME           MODE         REPLICAS   IMAGE                                     PORTS\nvwyu2ptyoh7a   funny_easley   replicated   1/1        coolgourav147/sleeper_traceroute:latest   \nzqgocy2o1w2w   viz            replicated   1/1        dockersamples/visualizer:latest           *:8080->8080/tcp\n";
const REF_153 = "ID             NAME           MODE         REPLICAS   IMAGE                                     PORTS$\nvwyu2ptyoh7a   funny_easley   replicated   1/1        coolgourav147/sleeper_traceroute:latest   $\nzqgocy2o1w2w   viz            replicated   1/1        dockersamples/visualizer:latest           *:8080->8080/tcp$\n";
const REF_161 = "ID             NAME             MODE         REPLICAS               IMAGE                             PORTS\nyvjn62jq0txw   elated_hodgkin   replicated   2/2                    nginx:latest                      *:9000->80/tcp\n3kq1v2x9w8e7   monitor          global       3/3                    alpine:latest                     \nzqgocy2o1w2w   viz              replicated   1/1                    dockersamples/visualizer:latest   *:8080->8080/tcp\np0o9i8u7y6t5   web              replicated   0/3 (max 1 per node)   nginx:alpine                      *:80->80/tcp, *:443->443/tcp\n";
const REF_198 = "ID             NAME             IMAGE                                     NODE       DESIRED STATE   CURRENT STATE                ERROR     PORTS\npfx5vu7c2quu   funny_easley.1   coolgourav147/sleeper_traceroute:latest   worker02   Running         Running about a minute ago             \n";
const REF_202 = "ID             NAME             IMAGE                                     NODE       DESIRED STATE   CURRENT STATE                ERROR     PORTS$\npfx5vu7c2quu   funny_easley.1   coolgourav147/sleeper_traceroute:latest   worker02   Running         Running about a minute ago             $\n";
const REF_209 = "ID             NAME             IMAGE                                     NODE        DESIRED STATE   CURRENT STATE            ERROR     PORTS\npfx5vu7c2quu   funny_easley.1   coolgourav147/sleeper_traceroute:latest   worker02    Running         Running 11 minutes ago             \nz678yqfqlouk   funny_easley.2   coolgourav147/sleeper_traceroute:latest   worker01    Running         Running 5 seconds ago              \nk2l3m4n5o6p7   funny_easley.3   coolgourav147/sleeper_traceroute:latest   manager01   Running         Running 4 seconds ago              \n";
const REF_218 = "ID             NAME        IMAGE        NODE        DESIRED STATE   CURRENT STATE                    ERROR                              PORTS\n50qe8lfnxaxk   web.1       nginx:1.27   manager01   Running         Running 6 seconds ago                                               \nky2re9oz86r9    \\_ web.1   nginx:1.26   manager01   Shutdown        Shutdown 8 seconds ago                                              \n3s46te2nzl4i   web.2       nginx:1.27   worker02    Running         Running less than a second ago                                      \nnvjljf7rmor4    \\_ web.2   nginx:1.27   worker02    Shutdown        Rejected 23 seconds ago          \"No such image: nginx@sha256:0…\"   \nvtiuz2fpc0yb    \\_ web.2   nginx:1.26   worker02    Shutdown        Shutdown 1 second ago                                               \njnarweeha8x4   web.3       nginx:1.27   worker01    Running         Running about a minute ago                                          \nvs448yca2nz4    \\_ web.3   nginx:1.26   worker01    Shutdown        Failed about an hour ago         \"task: non-zero exit (1)\"          \n";
const REF_231 = "ID             NAME                                IMAGE           NODE        DESIRED STATE   CURRENT STATE         ERROR     PORTS\na1a1a1a1a1a1   monitor.4b3l0x7j5tq2yqsbpcm3o7ahx   alpine:latest   manager01   Running         Running 2 hours ago             \n";
const REF_235 = "ID             NAME      IMAGE          NODE      DESIRED STATE   CURRENT STATE           ERROR                              PORTS\nq1w2e3r4t5y6   big.1     nginx:latest             Running         Pending 3 minutes ago   \"no suitable node (insufficien…\"   \n";
const REF_242 = "ID                          NAME             IMAGE                                                                                                             NODE       DESIRED STATE   CURRENT STATE                ERROR     PORTS\npfx5vu7c2quuu3mv2ga47l88t   funny_easley.1   coolgourav147/sleeper_traceroute:latest@sha256:9c8300ab567edf5fc10f36a527044fadbc1a1956e8d9a6259f83ebe76e116219   worker02   Running         Running about a minute ago             \n";
const REF_961 = "\nID:\t\tvwyu2ptyoh7ap6vt3yvzshq1z\nName:\t\tfunny_easley\nService Mode:\tReplicated\n Replicas:\t1\nPlacement:\nUpdateConfig:\n Parallelism:\t1\n On failure:\tpause\n Monitoring Period: 5s\n Max failure ratio: 0\n Update order:      stop-first\nRollbackConfig:\n Parallelism:\t1\n On failure:\tpause\n Monitoring Period: 5s\n Max failure ratio: 0\n Rollback order:    stop-first\nContainerSpec:\n Image:\t\tcoolgourav147/sleeper_traceroute:latest@sha256:9c8300ab567edf5fc10f36a527044fadbc1a1956e8d9a6259f83ebe76e116219\n Init:\t\tfalse\nResources:\nNetworks: test \nEndpoint Mode:\tvip\n\n";
const REF_988 = "$\nID:^I^Ivwyu2ptyoh7ap6vt3yvzshq1z$\nName:^I^Ifunny_easley$\nService Mode:^IReplicated$\n Replicas:^I1$\nPlacement:$\nUpdateConfig:$\n Parallelism:^I1$\n On failure:^Ipause$\n Monitoring Period: 5s$\n Max failure ratio: 0$\n Update order:      stop-first$\nRollbackConfig:$\n Parallelism:^I1$\n On failure:^Ipause$\n Monitoring Period: 5s$\n Max failure ratio: 0$\n Rollback order:    stop-first$\nContainerSpec:$\n Image:^I^Icoolgourav147/sleeper_traceroute:latest@sha256:9c8300ab567edf5fc10f36a527044fadbc1a1956e8d9a6259f83ebe76e116219$\n Init:^I^Ifalse$\nResources:$\nNetworks: test $\nEndpoint Mode:^Ivip$\n$\n";
const REF_1050 = "\nID:\t\tyvjn62jq0txwuk8gq247xjy9l\nName:\t\telated_hodgkin\nService Mode:\tReplicated\n Replicas:\t2\nPlacement:\nUpdateConfig:\n Parallelism:\t1\n On failure:\tpause\n Monitoring Period: 5s\n Max failure ratio: 0\n Update order:      stop-first\nRollbackConfig:\n Parallelism:\t1\n On failure:\tpause\n Monitoring Period: 5s\n Max failure ratio: 0\n Rollback order:    stop-first\nContainerSpec:\n Image:\t\tnginx:latest@sha256:0a399eb16751829e1af26fea27b20c3ec28d7ab1fb72182879dcae1cca21206a\n Init:\t\tfalse\nResources:\nEndpoint Mode:\tvip\nPorts:\n PublishedPort = 9000\n  Protocol = tcp\n  TargetPort = 80\n  PublishMode = ingress \n\n";
const REF_1081 = "$\nID:^I^Iyvjn62jq0txwuk8gq247xjy9l$\nName:^I^Ielated_hodgkin$\nService Mode:^IReplicated$\n Replicas:^I2$\nPlacement:$\nUpdateConfig:$\n Parallelism:^I1$\n On failure:^Ipause$\n Monitoring Period: 5s$\n Max failure ratio: 0$\n Update order:      stop-first$\nRollbackConfig:$\n Parallelism:^I1$\n On failure:^Ipause$\n Monitoring Period: 5s$\n Max failure ratio: 0$\n Rollback order:    stop-first$\nContainerSpec:$\n Image:^I^Inginx:latest@sha256:0a399eb16751829e1af26fea27b20c3ec28d7ab1fb72182879dcae1cca21206a$\n Init:^I^Ifalse$\nResources:$\nEndpoint Mode:^Ivip$\nPorts:$\n PublishedPort = 9000$\n  Protocol = tcp$\n  TargetPort = 80$\n  PublishMode = ingress $\n$\n";
const REF_1116 = "\nID:\t\t9u2h6r5bqmwp3k1t0y8x7z6ab\nName:\t\tapi\nLabels:\n com.example.team=backend\n tier\nService Mode:\tReplicated\n Replicas:\t3\nUpdateStatus:\n State:\t\tcompleted\n Started:\t3 minutes ago\n Completed:\t2 minutes ago\n Message:\tupdate completed\nPlacement:\n Constraints:\t[node.role==worker]\n Preferences:   [spread=node.labels.zone]\n Max Replicas Per Node:   2\nUpdateConfig:\n Parallelism:\t2\n Delay:\t\t10s\n On failure:\tpause\n Monitoring Period: 5s\n Max failure ratio: 0\n Update order:      start-first\nRollbackConfig:\n Parallelism:\t1\n On failure:\tpause\n Monitoring Period: 5s\n Max failure ratio: 0\n Rollback order:    stop-first\nContainerSpec:\n Image:\t\tmyorg/api:2.1@sha256:4f1e2d3c4b5a69788796a5b4c3d2e1f00112233445566778899aabbccddeeff0\n Args:\t\t--port 8080 \n Env:\t\tMODE=prod DEBUG=0 \n Dir:\t\t/app\n Init:\t\tfalse\n User: 1000:1000\nMounts:\n Target:\t/data\n  Source:\tdata\n  ReadOnly:\tfalse\n  Type:\t\tvolume\n Target:\t/etc/hosts\n  Source:\t/etc/hosts\n  ReadOnly:\ttrue\n  Type:\t\tbind\nResources:\n Reservations:\n  CPU:\t\t0.25\n  Memory:\t128MiB\n Limits:\n  CPU:\t\t0.5\n  Memory:\t256MiB\nNetworks: test test01 \nEndpoint Mode:\tvip\nPorts:\n PublishedPort = 80\n  Protocol = tcp\n  TargetPort = 8080\n  PublishMode = ingress\n PublishedPort = 5353\n  Protocol = udp\n  TargetPort = 53\n  PublishMode = host \n\n";
const REF_1183 = "$\nID:^I^I9u2h6r5bqmwp3k1t0y8x7z6ab$\nName:^I^Iapi$\nLabels:$\n com.example.team=backend$\n tier$\nService Mode:^IReplicated$\n Replicas:^I3$\nUpdateStatus:$\n State:^I^Icompleted$\n Started:^I3 minutes ago$\n Completed:^I2 minutes ago$\n Message:^Iupdate completed$\nPlacement:$\n Constraints:^I[node.role==worker]$\n Preferences:   [spread=node.labels.zone]$\n Max Replicas Per Node:   2$\nUpdateConfig:$\n Parallelism:^I2$\n Delay:^I^I10s$\n On failure:^Ipause$\n Monitoring Period: 5s$\n Max failure ratio: 0$\n Update order:      start-first$\nRollbackConfig:$\n Parallelism:^I1$\n On failure:^Ipause$\n Monitoring Period: 5s$\n Max failure ratio: 0$\n Rollback order:    stop-first$\nContainerSpec:$\n Image:^I^Imyorg/api:2.1@sha256:4f1e2d3c4b5a69788796a5b4c3d2e1f00112233445566778899aabbccddeeff0$\n Args:^I^I--port 8080 $\n Env:^I^IMODE=prod DEBUG=0 $\n Dir:^I^I/app$\n Init:^I^Ifalse$\n User: 1000:1000$\nMounts:$\n Target:^I/data$\n  Source:^Idata$\n  ReadOnly:^Ifalse$\n  Type:^I^Ivolume$\n Target:^I/etc/hosts$\n  Source:^I/etc/hosts$\n  ReadOnly:^Itrue$\n  Type:^I^Ibind$\nResources:$\n Reservations:$\n  CPU:^I^I0.25$\n  Memory:^I128MiB$\n Limits:$\n  CPU:^I^I0.5$\n  Memory:^I256MiB$\nNetworks: test test01 $\nEndpoint Mode:^Ivip$\nPorts:$\n PublishedPort = 80$\n  Protocol = tcp$\n  TargetPort = 8080$\n  PublishMode = ingress$\n PublishedPort = 5353$\n  Protocol = udp$\n  TargetPort = 53$\n  PublishMode = host $\n$\n";
const REF_1253 = "$\nID:^I^I3kq1v2x9w8e7r6t5y4u3i2o1p$\nName:^I^Imonitor$\nService Mode:^IGlobal$\nPlacement:$\nUpdateConfig:$\n Parallelism:^I1$\n On failure:^Ipause$\n Monitoring Period: 5s$\n Max failure ratio: 0$\n Update order:      stop-first$\nRollbackConfig:$\n Parallelism:^I1$\n On failure:^Ipause$\n Monitoring Period: 5s$\n Max failure ratio: 0$\n Rollback order:    stop-first$\nContainerSpec:$\n Image:^I^Ialpine:latest@sha256:8a1f59ffb675680d47db6337b49d22281a139e9d709335b492be023728e11715$\n Args:^I^Iping docker.com $\n Init:^I^Ifalse$\nResources:$\nEndpoint Mode:^Ivip$\n$\n";
const REF_TEMPLATE = "\nID:\t\t{{.ID}}\nName:\t\t{{.Name}}\n{{- if .Labels }}\nLabels:\n{{- range $k, $v := .Labels }}\n {{ $k }}{{if $v }}={{ $v }}{{ end }}\n{{- end }}{{ end }}\nService Mode:\n{{- if .IsModeGlobal }}\tGlobal\n{{- else if .IsModeReplicated }}\tReplicated\n{{- if .ModeReplicatedReplicas }}\n Replicas:\t{{ .ModeReplicatedReplicas }}\n{{- end }}{{ end }}\n{{- if .HasUpdateStatus }}\nUpdateStatus:\n State:\t\t{{ .UpdateStatusState }}\n{{- if .HasUpdateStatusStarted }}\n Started:\t{{ .UpdateStatusStarted }}\n{{- end }}\n{{- if .UpdateIsCompleted }}\n Completed:\t{{ .UpdateStatusCompleted }}\n{{- end }}\n Message:\t{{ .UpdateStatusMessage }}\n{{- end }}\nPlacement:\n{{- if .TaskPlacementConstraints }}\n Constraints:\t{{ .TaskPlacementConstraints }}\n{{- end }}\n{{- if .TaskPlacementPreferences }}\n Preferences:   {{ .TaskPlacementPreferences }}\n{{- end }}\n{{- if .MaxReplicas }}\n Max Replicas Per Node:   {{ .MaxReplicas }}\n{{- end }}\n{{- if .HasUpdateConfig }}\nUpdateConfig:\n Parallelism:\t{{ .UpdateParallelism }}\n{{- if .HasUpdateDelay}}\n Delay:\t\t{{ .UpdateDelay }}\n{{- end }}\n On failure:\t{{ .UpdateOnFailure }}\n{{- if .HasUpdateMonitor}}\n Monitoring Period: {{ .UpdateMonitor }}\n{{- end }}\n Max failure ratio: {{ .UpdateMaxFailureRatio }}\n Update order:      {{ .UpdateOrder }}\n{{- end }}\n{{- if .HasRollbackConfig }}\nRollbackConfig:\n Parallelism:\t{{ .RollbackParallelism }}\n{{- if .HasRollbackDelay}}\n Delay:\t\t{{ .RollbackDelay }}\n{{- end }}\n On failure:\t{{ .RollbackOnFailure }}\n{{- if .HasRollbackMonitor}}\n Monitoring Period: {{ .RollbackMonitor }}\n{{- end }}\n Max failure ratio: {{ .RollbackMaxFailureRatio }}\n Rollback order:    {{ .RollbackOrder }}\n{{- end }}\nContainerSpec:\n Image:\t\t{{ .ContainerImage }}\n{{- if .ContainerArgs }}\n Args:\t\t{{ range $arg := .ContainerArgs }}{{ $arg }} {{ end }}\n{{- end -}}\n{{- if .ContainerEnv }}\n Env:\t\t{{ range $env := .ContainerEnv }}{{ $env }} {{ end }}\n{{- end -}}\n{{- if .ContainerWorkDir }}\n Dir:\t\t{{ .ContainerWorkDir }}\n{{- end -}}\n{{- if .HasContainerInit }}\n Init:\t\t{{ .ContainerInit }}\n{{- end -}}\n{{- if .ContainerUser }}\n User: {{ .ContainerUser }}\n{{- end }}\n{{- if .HasCapabilities }}\nCapabilities:\n{{- if .HasCapabilityAdd }}\n Add: {{ .CapabilityAdd }}\n{{- end }}\n{{- if .HasCapabilityDrop }}\n Drop: {{ .CapabilityDrop }}\n{{- end }}\n{{- end }}\n{{- if .ContainerSysCtls }}\nSysCtls:\n{{- range $k, $v := .ContainerSysCtls }}\n {{ $k }}{{if $v }}: {{ $v }}{{ end }}\n{{- end }}{{ end }}\n{{- if .ContainerUlimits }}\nUlimits:\n{{- range $k, $v := .ContainerUlimits }}\n {{ $k }}: {{ $v }}\n{{- end }}{{ end }}\n{{- if .ContainerMounts }}\nMounts:\n{{- end }}\n{{- range $mount := .ContainerMounts }}\n Target:\t{{ $mount.Target }}\n  Source:\t{{ $mount.Source }}\n  ReadOnly:\t{{ $mount.ReadOnly }}\n  Type:\t\t{{ $mount.Type }}\n{{- end -}}\n{{- if .Configs}}\nConfigs:\n{{- range $config := .Configs }}\n Target:\t{{$config.File.Name}}\n  Source:\t{{$config.ConfigName}}\n{{- end }}{{ end }}\n{{- if .Secrets }}\nSecrets:\n{{- range $secret := .Secrets }}\n Target:\t{{$secret.File.Name}}\n  Source:\t{{$secret.SecretName}}\n{{- end }}{{ end }}\n{{- if .HasLogDriver }}\nLog Driver:\n{{- if .HasLogDriverName }}\n Name:\t\t{{ .LogDriverName }}\n{{- end }}\n{{- if .LogOpts }}\n LogOpts:\n{{- range $k, $v := .LogOpts }}\n  {{ $k }}{{if $v }}:       {{ $v }}{{ end }}\n{{- end }}{{ end }}\n{{ end }}\n{{- if .HasResources }}\nResources:\n{{- if .HasResourceReservations }}\n Reservations:\n{{- if gt .ResourceReservationNanoCPUs 0.0 }}\n  CPU:\t\t{{ .ResourceReservationNanoCPUs }}\n{{- end }}\n{{- if .ResourceReservationMemory }}\n  Memory:\t{{ .ResourceReservationMemory }}\n{{- end }}{{ end }}\n{{- if .HasResourceLimits }}\n Limits:\n{{- if gt .ResourceLimitsNanoCPUs 0.0 }}\n  CPU:\t\t{{ .ResourceLimitsNanoCPUs }}\n{{- end }}\n{{- if .ResourceLimitMemory }}\n  Memory:\t{{ .ResourceLimitMemory }}\n{{- end }}{{ end }}{{ end }}\n{{- if gt .ResourceLimitPids 0 }}\n  PIDs:\t\t{{ .ResourceLimitPids }}\n{{- end }}\n{{- if .Networks }}\nNetworks:\n{{- range $network := .Networks }} {{ $network }}{{ end }} {{ end }}\nEndpoint Mode:\t{{ .EndpointMode }}\n{{- if .Ports }}\nPorts:\n{{- range $port := .Ports }}\n PublishedPort = {{ $port.PublishedPort }}\n  Protocol = {{ $port.Protocol }}\n  TargetPort = {{ $port.TargetPort }}\n  PublishMode = {{ $port.PublishMode }}\n{{- end }} {{ end -}}\n{{- if .Healthcheck }}\n Healthcheck:\n  Interval = {{ .Healthcheck.Interval }}\n  Retries = {{ .Healthcheck.Retries }}\n  StartPeriod =\t{{ .Healthcheck.StartPeriod }}\n  Timeout =\t{{ .Healthcheck.Timeout }}\n  {{- if .Healthcheck.Test }}\n  Tests:\n\t{{- range $test := .Healthcheck.Test }}\n\t Test = {{ $test }}\n  {{- end }} {{ end -}}\n{{- end }}\n";

// ---------------------------------------------------------------------------------------------
// Inputs: §3.1 service inspect JSON (verbatim), plus services/tasks shaped like §10.2–10.4
// ---------------------------------------------------------------------------------------------

const SEED_SERVICE: Json = {
  "ID": "vwyu2ptyoh7ap6vt3yvzshq1z",
  "Version": {
    "Index": 27
  },
  "CreatedAt": "2024-06-20T01:20:11.532104728Z",
  "UpdatedAt": "2024-06-20T01:20:11.532104728Z",
  "Spec": {
    "Name": "funny_easley",
    "Labels": {},
    "TaskTemplate": {
      "ContainerSpec": {
        "Image": "coolgourav147/sleeper_traceroute:latest@sha256:9c8300ab567edf5fc10f36a527044fadbc1a1956e8d9a6259f83ebe76e116219",
        "Init": false,
        "StopGracePeriod": 10000000000,
        "DNSConfig": {},
        "Isolation": "default"
      },
      "Resources": {
        "Limits": {},
        "Reservations": {}
      },
      "RestartPolicy": {
        "Condition": "any",
        "Delay": 5000000000,
        "MaxAttempts": 0
      },
      "Placement": {
        "Platforms": [
          {
            "Architecture": "amd64",
            "OS": "linux"
          }
        ]
      },
      "Networks": [
        {
          "Target": "up9sgv2t9b2btxfx2eom2qcpu"
        }
      ],
      "ForceUpdate": 0,
      "Runtime": "container"
    },
    "Mode": {
      "Replicated": {
        "Replicas": 1
      }
    },
    "UpdateConfig": {
      "Parallelism": 1,
      "FailureAction": "pause",
      "Monitor": 5000000000,
      "MaxFailureRatio": 0,
      "Order": "stop-first"
    },
    "RollbackConfig": {
      "Parallelism": 1,
      "FailureAction": "pause",
      "Monitor": 5000000000,
      "MaxFailureRatio": 0,
      "Order": "stop-first"
    },
    "EndpointSpec": {
      "Mode": "vip"
    }
  },
  "Endpoint": {
    "Spec": {
      "Mode": "vip"
    },
    "VirtualIPs": [
      {
        "NetworkID": "up9sgv2t9b2btxfx2eom2qcpu",
        "Addr": "10.0.1.2/24"
      }
    ]
  }
};
const NGINX_SERVICE: Json = {
  "ID": "yvjn62jq0txwuk8gq247xjy9l",
  "Version": {
    "Index": 27
  },
  "CreatedAt": "2024-06-20T01:20:11.532104728Z",
  "UpdatedAt": "2024-06-20T01:20:11.532104728Z",
  "Spec": {
    "Name": "elated_hodgkin",
    "Labels": {},
    "TaskTemplate": {
      "ContainerSpec": {
        "Image": "nginx:latest@sha256:0a399eb16751829e1af26fea27b20c3ec28d7ab1fb72182879dcae1cca21206a",
        "Init": false,
        "StopGracePeriod": 10000000000,
        "DNSConfig": {},
        "Isolation": "default"
      },
      "Resources": {
        "Limits": {},
        "Reservations": {}
      },
      "RestartPolicy": {
        "Condition": "any",
        "Delay": 5000000000,
        "MaxAttempts": 0
      },
      "Placement": {
        "Platforms": [
          {
            "Architecture": "amd64",
            "OS": "linux"
          }
        ]
      },
      "ForceUpdate": 0,
      "Runtime": "container"
    },
    "Mode": {
      "Replicated": {
        "Replicas": 2
      }
    },
    "UpdateConfig": {
      "Parallelism": 1,
      "FailureAction": "pause",
      "Monitor": 5000000000,
      "MaxFailureRatio": 0,
      "Order": "stop-first"
    },
    "RollbackConfig": {
      "Parallelism": 1,
      "FailureAction": "pause",
      "Monitor": 5000000000,
      "MaxFailureRatio": 0,
      "Order": "stop-first"
    },
    "EndpointSpec": {
      "Mode": "vip",
      "Ports": [
        {
          "Protocol": "tcp",
          "TargetPort": 80,
          "PublishedPort": 9000,
          "PublishMode": "ingress"
        }
      ]
    }
  },
  "Endpoint": {
    "Spec": {
      "Mode": "vip",
      "Ports": [
        {
          "Protocol": "tcp",
          "TargetPort": 80,
          "PublishedPort": 9000,
          "PublishMode": "ingress"
        }
      ]
    },
    "Ports": [
      {
        "Protocol": "tcp",
        "TargetPort": 80,
        "PublishedPort": 9000,
        "PublishMode": "ingress"
      }
    ],
    "VirtualIPs": [
      {
        "NetworkID": "n2kslakcvzkrh2nm3y3wy9bsu",
        "Addr": "10.0.0.7/24"
      }
    ]
  }
};

const NOW = new Date('2024-06-20T01:30:00Z');
const ago = (ms: number): string => new Date(NOW.getTime() - ms).toISOString();
const S = 1000;
const M = 60 * S;
const H = 60 * M;

const NODES: Json[] = [
  { ID: '4b3l0x7j5tq2yqsbpcm3o7ahx', Spec: { Role: 'manager', Availability: 'active', Labels: {} }, Description: { Hostname: 'manager01' } },
  { ID: 'lq0m3u9v1rhk6c2y8x5w7z4pa', Spec: { Role: 'worker', Availability: 'active', Labels: {} }, Description: { Hostname: 'worker01' } },
  { ID: 's8w2f6j1n0d5k9b3h7c4m2x1q', Spec: { Role: 'worker', Availability: 'active', Labels: {} }, Description: { Hostname: 'worker02' } },
];
const [MANAGER01, WORKER01, WORKER02] = NODES.map((n) => n.ID);
const NODE_NAMES = Object.fromEntries(NODES.map((n) => [n.ID, taskNodeName(n)]));

const serviceLs = (services: Json[], format?: string): string =>
  formatRows(
    { format, defaultFormat: SERVICE_TABLE, headers: SERVICE_HEADERS },
    [...services].sort((a, b) => naturalCompare(a.Spec.Name, b.Spec.Name)).map((s) => serviceRow(s)),
  );

const pretty = (svc: Json, networks: Record<string, string> = {}, now = NOW): string =>
  formatRows({ format: SERVICE_PRETTY, defaultFormat: SERVICE_PRETTY, headers: {} }, [servicePrettyContext(svc, networks, now)]);

function svc(id: string, name: string, image: string, extra: Json = {}): Json {
  return {
    ID: id,
    Version: { Index: 30 },
    CreatedAt: '2024-06-20T01:20:11.532104728Z',
    UpdatedAt: '2024-06-20T01:20:11.532104728Z',
    Spec: {
      Name: name,
      Labels: {},
      TaskTemplate: {
        ContainerSpec: { Image: image, Init: false, StopGracePeriod: 10000000000, DNSConfig: {}, Isolation: 'default' },
        Resources: { Limits: {}, Reservations: {} },
        RestartPolicy: { Condition: 'any', Delay: 5000000000, MaxAttempts: 0 },
        Placement: {},
        ForceUpdate: 0,
        Runtime: 'container',
        ...(extra.TaskTemplate ?? {}),
      },
      Mode: extra.Mode ?? { Replicated: { Replicas: 1 } },
      UpdateConfig: { Parallelism: 1, FailureAction: 'pause', Monitor: 5000000000, MaxFailureRatio: 0, Order: 'stop-first' },
      RollbackConfig: { Parallelism: 1, FailureAction: 'pause', Monitor: 5000000000, MaxFailureRatio: 0, Order: 'stop-first' },
      EndpointSpec: { Mode: 'vip' },
    },
    Endpoint: extra.Endpoint ?? { Spec: { Mode: 'vip' } },
    ServiceStatus: extra.ServiceStatus,
  };
}

const VIZ = svc(
  'zqgocy2o1w2wm0v7n9kq3zr5e',
  'viz',
  'dockersamples/visualizer:latest@sha256:54d65cbcbff52ee7d789cd285fbe68f07a46e3419c8fcded437af4c616915c85',
  {
    Endpoint: {
      Spec: { Mode: 'vip' },
      Ports: [{ Protocol: 'tcp', TargetPort: 8080, PublishedPort: 8080, PublishMode: 'ingress' }],
    },
    ServiceStatus: { RunningTasks: 1, DesiredTasks: 1, CompletedTasks: 0 },
  },
);

describe('service ls (§1.5)', () => {
  it('seed lab: trailing padding for the empty PORTS cell', () => {
    const seed = { ...SEED_SERVICE, ServiceStatus: { RunningTasks: 1, DesiredTasks: 1, CompletedTasks: 0 } };
    const out = serviceLs([VIZ, seed]);
    expect(out).toBe(REF_148);
    expect(out).toBe(catA(REF_153));
  });

  it('modes, max-per-node, sorted multi-port column, host-mode ports hidden', () => {
    const nginx = { ...NGINX_SERVICE, ServiceStatus: { RunningTasks: 2, DesiredTasks: 2, CompletedTasks: 0 } };
    const monitor = svc(
      '3kq1v2x9w8e7r6t5y4u3i2o1p',
      'monitor',
      'alpine:latest@sha256:8a1f59ffb675680d47db6337b49d22281a139e9d709335b492be023728e11715',
      { Mode: { Global: {} }, ServiceStatus: { RunningTasks: 3, DesiredTasks: 3, CompletedTasks: 0 } },
    );
    const web = svc('p0o9i8u7y6t5r4e3w2q1a2s3d', 'web', 'nginx:alpine', {
      TaskTemplate: { Placement: { MaxReplicas: 1 } },
      Mode: { Replicated: { Replicas: 3 } },
      Endpoint: {
        Spec: { Mode: 'vip' },
        Ports: [
          { Protocol: 'tcp', TargetPort: 443, PublishedPort: 443, PublishMode: 'ingress' },
          { Protocol: 'udp', TargetPort: 53, PublishedPort: 5353, PublishMode: 'host' },
          { Protocol: 'tcp', TargetPort: 80, PublishedPort: 80, PublishMode: 'ingress' },
        ],
      },
      ServiceStatus: { RunningTasks: 0, DesiredTasks: 3, CompletedTasks: 0 },
    });
    expect(serviceLs([web, VIZ, monitor, nginx])).toBe(REF_161);
  });

  it('header only when there are no services', () => {
    expect(serviceLs([])).toBe('ID        NAME      MODE      REPLICAS   IMAGE     PORTS\n');
  });

  it('consecutive ports collapse into ranges', () => {
    const ports = [81, 80].map((p) => ({ Protocol: 'tcp', TargetPort: p, PublishedPort: p, PublishMode: 'ingress' }));
    expect(servicePorts(ports)).toBe('*:80-81->80-81/tcp');
  });

  it('image digest stripping (§1.3)', () => {
    expect(stripImageDigest('nginx:latest@sha256:0a399eb16751829e1af26fea27b20c3ec28d7ab1fb72182879dcae1cca21206a')).toBe('nginx:latest');
    expect(stripImageDigest('docker.io/library/nginx:1.27')).toBe('nginx:1.27');
    const digestOnly = 'nginx@sha256:0a399eb16751829e1af26fea27b20c3ec28d7ab1fb72182879dcae1cca21206a';
    expect(stripImageDigest(digestOnly)).toBe(digestOnly);
  });

  it('--format json row (§7.2)', () => {
    const seed = { ...SEED_SERVICE, ServiceStatus: { RunningTasks: 1, DesiredTasks: 1, CompletedTasks: 0 } };
    expect(serviceLs([seed], 'json')).toBe(
      '{"ID":"vwyu2ptyoh7a","Image":"coolgourav147/sleeper_traceroute:latest","Mode":"replicated","Name":"funny_easley","Ports":"","Replicas":"1/1"}\n',
    );
  });
});

describe('service inspect --pretty (§3.2)', () => {
  it('the template is verbatim', () => {
    expect(SERVICE_PRETTY).toBe(REF_TEMPLATE);
  });

  it('seed-lab service, byte for byte', () => {
    const out = pretty(SEED_SERVICE, { up9sgv2t9b2btxfx2eom2qcpu: 'test' });
    expect(out).toBe(REF_961);
    expect(out).toBe(catA(REF_988));
  });

  it('nginx -p 9000:80, byte for byte', () => {
    const out = pretty(NGINX_SERVICE);
    expect(out).toBe(REF_1050);
    expect(out).toBe(catA(REF_1081));
  });

  it('kitchen sink', () => {
    const api = svc('9u2h6r5bqmwp3k1t0y8x7z6ab', 'api', 'myorg/api:2.1@sha256:4f1e2d3c4b5a69788796a5b4c3d2e1f00112233445566778899aabbccddeeff0', {
      Mode: { Replicated: { Replicas: 3 } },
      TaskTemplate: {
        ContainerSpec: {
          Image: 'myorg/api:2.1@sha256:4f1e2d3c4b5a69788796a5b4c3d2e1f00112233445566778899aabbccddeeff0',
          Args: ['--port', '8080'],
          Env: ['MODE=prod', 'DEBUG=0'],
          Dir: '/app',
          User: '1000:1000',
          Init: false,
          Mounts: [
            { Type: 'volume', Source: 'data', Target: '/data' },
            { Type: 'bind', Source: '/etc/hosts', Target: '/etc/hosts', ReadOnly: true },
          ],
        },
        Resources: {
          Limits: { NanoCPUs: 500000000, MemoryBytes: 268435456 },
          Reservations: { NanoCPUs: 250000000, MemoryBytes: 134217728 },
        },
        Placement: {
          Constraints: ['node.role==worker'],
          Preferences: [{ Spread: { SpreadDescriptor: 'node.labels.zone' } }],
          MaxReplicas: 2,
        },
        Networks: [{ Target: 'up9sgv2t9b2btxfx2eom2qcpu' }, { Target: 'btlfrbq2l6957s00py7ksmb3c' }],
      },
      Endpoint: {
        Spec: { Mode: 'vip' },
        Ports: [
          { Protocol: 'tcp', TargetPort: 8080, PublishedPort: 80, PublishMode: 'ingress' },
          { Protocol: 'udp', TargetPort: 53, PublishedPort: 5353, PublishMode: 'host' },
        ],
      },
    });
    api.Spec.Labels = { tier: '', 'com.example.team': 'backend' };
    api.Spec.UpdateConfig = { Parallelism: 2, Delay: 10000000000, FailureAction: 'pause', Monitor: 5000000000, MaxFailureRatio: 0, Order: 'start-first' };
    api.UpdateStatus = { State: 'completed', StartedAt: ago(3 * M + 20 * S), CompletedAt: ago(2 * M + 5 * S), Message: 'update completed' };
    const out = pretty(api, { up9sgv2t9b2btxfx2eom2qcpu: 'test', btlfrbq2l6957s00py7ksmb3c: 'test01' });
    expect(out).toBe(REF_1116);
    expect(out).toBe(catA(REF_1183));
  });

  it('global mode', () => {
    const monitor = svc('3kq1v2x9w8e7r6t5y4u3i2o1p', 'monitor', 'alpine:latest@sha256:8a1f59ffb675680d47db6337b49d22281a139e9d709335b492be023728e11715', {
      Mode: { Global: {} },
      TaskTemplate: {
        ContainerSpec: {
          Image: 'alpine:latest@sha256:8a1f59ffb675680d47db6337b49d22281a139e9d709335b492be023728e11715',
          Args: ['ping', 'docker.com'],
          Init: false,
        },
      },
    });
    expect(pretty(monitor)).toBe(catA(REF_1253));
  });

  it('Go duration and float formatting (§3.2 method table)', () => {
    expect(goDuration(10e9)).toBe('10s');
    expect(goDuration(90e9)).toBe('1m30s');
    expect(goDuration(5e9)).toBe('5s');
    const s = svc('3kq1v2x9w8e7r6t5y4u3i2o1p', 'x', 'alpine:latest');
    s.Spec.UpdateConfig.MaxFailureRatio = 0.2;
    s.Spec.UpdateConfig.Delay = 90e9;
    const out = pretty(s);
    expect(out).toContain('\n Delay:\t\t1m30s\n');
    expect(out).toContain('\n Max failure ratio: 0.2\n Update order:      stop-first\n');
  });
});

// ---------------------------------------------------------------------------------------------
// service ps
// ---------------------------------------------------------------------------------------------

const SLEEPER = 'coolgourav147/sleeper_traceroute:latest@sha256:9c8300ab567edf5fc10f36a527044fadbc1a1956e8d9a6259f83ebe76e116219';
const NGINX127 = 'nginx:1.27@sha256:0a399eb16751829e1af26fea27b20c3ec28d7ab1fb72182879dcae1cca21206a';
const NGINX126 = 'nginx:1.26@sha256:3f9e0a6d2b1c4e5f60718293a4b5c6d7e8f90123456789abcdef0123456789ab';
const SERVICE_NAMES = {
  vwyu2ptyoh7ap6vt3yvzshq1z: 'funny_easley',
  p0o9i8u7y6t5r4e3w2q1a2s3d: 'web',
  '3kq1v2x9w8e7r6t5y4u3i2o1p': 'monitor',
  b1g2s3e4r5v6i7c8e9a0b1c2d: 'big',
};

let createdSeq = 0;
function task(id: string, serviceId: string, slot: number, nodeId: string, image: string, desired: string, state: string, since: number, extra: Json = {}): Json {
  createdSeq++;
  return {
    ID: id,
    Version: { Index: 40 + createdSeq },
    CreatedAt: extra.CreatedAt ?? ago(since + 1000),
    UpdatedAt: ago(since),
    Labels: {},
    Spec: { ContainerSpec: { Image: image, Init: false, StopGracePeriod: 10000000000, DNSConfig: {}, Isolation: 'default' } },
    ServiceID: serviceId,
    Slot: slot,
    NodeID: nodeId,
    Status: { Timestamp: ago(since), State: state, Message: state, ...(extra.Err ? { Err: extra.Err } : {}), PortStatus: {} },
    DesiredState: desired,
  };
}

const ps = (tasks: Json[], opts: { noTrunc?: boolean; format?: string } = {}): string =>
  formatRows(
    { format: opts.format, defaultFormat: TASK_TABLE, headers: TASK_HEADERS },
    taskRows(tasks, {
      serviceNames: SERVICE_NAMES,
      nodeNames: NODE_NAMES,
      noTrunc: opts.noTrunc,
      now: NOW,
      table: !opts.format || opts.format.startsWith('table'),
    }),
  );

const SEED_TASK = task('pfx5vu7c2quuu3mv2ga47l88t', 'vwyu2ptyoh7ap6vt3yvzshq1z', 1, WORKER02, SLEEPER, 'running', 'running', 90 * S);

describe('service ps (§1.6)', () => {
  it('seed lab: one running task, 13 trailing spaces', () => {
    const out = ps([SEED_TASK]);
    expect(out).toBe(REF_198);
    expect(out).toBe(catA(REF_202));
  });

  it('after scale to 3', () => {
    const t1 = task('pfx5vu7c2quuu3mv2ga47l88t', 'vwyu2ptyoh7ap6vt3yvzshq1z', 1, WORKER02, SLEEPER, 'running', 'running', 11 * M + 30 * S);
    const t2 = task('z678yqfqloukq2w3e4r5t6y7u', 'vwyu2ptyoh7ap6vt3yvzshq1z', 2, WORKER01, SLEEPER, 'running', 'running', 5 * S + 300);
    const t3 = task('k2l3m4n5o6p7a8s9d0f1g2h3j', 'vwyu2ptyoh7ap6vt3yvzshq1z', 3, MANAGER01, SLEEPER, 'running', 'running', 4 * S + 900);
    expect(ps([t3, t1, t2])).toBe(REF_209);
  });

  it('history, rejected and failed tasks, error truncated to 30 columns', () => {
    const W = 'p0o9i8u7y6t5r4e3w2q1a2s3d';
    const tasks = [
      task('vs448yca2nz4x1c2v3b4n5m6q', W, 3, WORKER01, NGINX126, 'shutdown', 'failed', 75 * M, { CreatedAt: ago(3 * H), Err: 'task: non-zero exit (1)' }),
      task('3s46te2nzl4iq9w8e7r6t5y4u', W, 2, WORKER02, NGINX127, 'running', 'running', 400, { CreatedAt: ago(10 * S) }),
      task('ky2re9oz86r9a1s2d3f4g5h6j', W, 1, MANAGER01, NGINX126, 'shutdown', 'shutdown', 8 * S, { CreatedAt: ago(H) }),
      task('nvjljf7rmor4z1x2c3v4b5n6m', W, 2, WORKER02, NGINX127, 'shutdown', 'rejected', 23 * S, { CreatedAt: ago(30 * S), Err: 'No such image: nginx@sha256:0a399eb16751829e1af26fea27b20c3ec28d7ab1fb72182879dcae1cca21206a' }),
      task('jnarweeha8x4p0o9i8u7y6t5r', W, 3, WORKER01, NGINX127, 'running', 'running', 100 * S, { CreatedAt: ago(2 * M) }),
      task('50qe8lfnxaxkm1n2b3v4c5x6z', W, 1, MANAGER01, NGINX127, 'running', 'running', 6 * S + 500, { CreatedAt: ago(9 * S) }),
      task('vtiuz2fpc0ybl1k2j3h4g5f6d', W, 2, WORKER02, NGINX126, 'shutdown', 'shutdown', 1 * S + 200, { CreatedAt: ago(H) }),
    ];
    expect(ps(tasks)).toBe(REF_218);
  });

  it('custom non-table formats get plain names', () => {
    const W = 'p0o9i8u7y6t5r4e3w2q1a2s3d';
    const tasks = [
      task('50qe8lfnxaxkm1n2b3v4c5x6z', W, 1, MANAGER01, NGINX127, 'running', 'running', 6 * S, { CreatedAt: ago(9 * S) }),
      task('ky2re9oz86r9a1s2d3f4g5h6j', W, 1, MANAGER01, NGINX126, 'shutdown', 'shutdown', 8 * S, { CreatedAt: ago(H) }),
    ];
    expect(ps(tasks, { format: '{{.Name}}' })).toBe('web.1\nweb.1\n');
  });

  it('global task name, pending task without node', () => {
    const g = task('a1a1a1a1a1a1b2b2b2b2b2b2c', '3kq1v2x9w8e7r6t5y4u3i2o1p', 0, MANAGER01, 'alpine:latest@sha256:8a1f59ffb675680d47db6337b49d22281a139e9d709335b492be023728e11715', 'running', 'running', 2 * H);
    expect(ps([g])).toBe(REF_231);
    const p = task('q1w2e3r4t5y6u7i8o9p0a1s2d', 'b1g2s3e4r5v6i7c8e9a0b1c2d', 1, '', 'nginx:latest', 'running', 'pending', 3 * M + 10 * S, {
      Err: 'no suitable node (insufficient resources on 3 nodes)',
    });
    expect(ps([p])).toBe(REF_235);
  });

  it('--no-trunc', () => {
    expect(ps([SEED_TASK], { noTrunc: true })).toBe(REF_242);
  });

  it('--format json row (§7.2)', () => {
    expect(ps([SEED_TASK], { format: 'json' })).toBe(
      '{"CurrentState":"Running about a minute ago","DesiredState":"Running","Error":"","ID":"pfx5vu7c2quu","Image":"coolgourav147/sleeper_traceroute:latest","Name":"funny_easley.1","Node":"worker02","Ports":""}\n',
    );
  });

  it('Ellipsis keeps 29 columns + …', () => {
    expect(ellipsis('no suitable node (insufficient resources on 3 nodes)', 30)).toBe('no suitable node (insufficien…');
    expect(ellipsis('task: non-zero exit (1)', 30)).toBe('task: non-zero exit (1)');
  });
});
