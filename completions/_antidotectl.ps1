
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'antidotectl' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'antidotectl'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'antidotectl' {
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only warnings, errors and machine output (no status lines or progress)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only warnings, errors and machine output (no status lines or progress)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Also say what each command is about to do')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Also say what each command is about to do')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('validate', 'validate', [CompletionResultType]::ParameterValue, 'Check a curriculum: schema, files, references; report every finding')
            [CompletionResult]::new('curriculum', 'curriculum', [CompletionResultType]::ParameterValue, 'Curricula: start a new one with the wizard')
            [CompletionResult]::new('lesson', 'lesson', [CompletionResultType]::ParameterValue, 'Lessons: create one with the wizard, run or plan one, prove they can be solved')
            [CompletionResult]::new('collection', 'collection', [CompletionResultType]::ParameterValue, 'Collections: create one with the wizard')
            [CompletionResult]::new('image', 'image', [CompletionResultType]::ParameterValue, 'Images: create one with the wizard')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Validate a curriculum and store it in place of the imported one')
            [CompletionResult]::new('serve', 'serve', [CompletionResultType]::ParameterValue, 'Run every Antidote service in one process (API, scheduler, gc) for one machine')
            [CompletionResult]::new('livelesson', 'livelesson', [CompletionResultType]::ParameterValue, 'List or kill running lessons (admin API)')
            [CompletionResult]::new('session', 'session', [CompletionResultType]::ParameterValue, 'List sessions or keep one from expiring (admin API)')
            [CompletionResult]::new('db', 'db', [CompletionResultType]::ParameterValue, 'Create or inspect the database')
            [CompletionResult]::new('schema', 'schema', [CompletionResultType]::ParameterValue, 'Print the JSON Schema of a resource file, for editors and other tools')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print shell completions (bash, zsh, fish, powershell, elvish)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'antidotectl;validate' {
            [CompletionResult]::new('--tier', '--tier', [CompletionResultType]::ParameterName, 'Check only lessons and collections at least as public as TIER (local: everything)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'human (on stderr), or json, github or sarif (on stdout)')
            [CompletionResult]::new('--deny-warnings', '--deny-warnings', [CompletionResultType]::ParameterName, 'Exit 1 on warnings too')
            [CompletionResult]::new('--require-solutions', '--require-solutions', [CompletionResultType]::ParameterName, 'Report objectives without a solution script (AD216), for CI that runs `lesson test`')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only warnings, errors and machine output (no status lines or progress)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only warnings, errors and machine output (no status lines or progress)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Also say what each command is about to do')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Also say what each command is about to do')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'antidotectl;curriculum' {
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only warnings, errors and machine output (no status lines or progress)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only warnings, errors and machine output (no status lines or progress)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Also say what each command is about to do')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Also say what each command is about to do')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Create a new curriculum (curriculum.meta.yaml) in DIR')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'antidotectl;curriculum;init' {
            [CompletionResult]::new('--answers', '--answers', [CompletionResultType]::ParameterName, 'Answers in a YAML file of the same shape as curriculum.meta.yaml')
            [CompletionResult]::new('--set', '--set', [CompletionResultType]::ParameterName, 'One answer; KEY is a dotted path, list items by index from 0 (e.g. endpoints.0.image=utility); repeatable, applied after --answers')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt: fail listing every missing answer instead')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Overwrite files that exist already')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only warnings, errors and machine output (no status lines or progress)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only warnings, errors and machine output (no status lines or progress)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Also say what each command is about to do')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Also say what each command is about to do')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'antidotectl;curriculum;help' {
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Create a new curriculum (curriculum.meta.yaml) in DIR')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'antidotectl;curriculum;help;init' {
            break
        }
        'antidotectl;curriculum;help;help' {
            break
        }
        'antidotectl;lesson' {
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only warnings, errors and machine output (no status lines or progress)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only warnings, errors and machine output (no status lines or progress)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Also say what each command is about to do')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Also say what each command is about to do')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create a lesson (lesson.meta.yaml) with its files, asking for what the answers leave open')
            [CompletionResult]::new('run', 'run', [CompletionResultType]::ParameterValue, 'Run a lesson on a container engine or a cluster, stage by stage, until Ctrl-C')
            [CompletionResult]::new('plan', 'plan', [CompletionResultType]::ParameterValue, 'Print every Kubernetes object of one livelesson of a lesson, without a cluster')
            [CompletionResult]::new('test', 'test', [CompletionResultType]::ParameterValue, 'Prove lessons can be solved: objectives start incomplete and their solutions complete them')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'antidotectl;lesson;create' {
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'The curriculum''s root directory')
            [CompletionResult]::new('--curriculum', '--curriculum', [CompletionResultType]::ParameterName, 'The curriculum''s root directory')
            [CompletionResult]::new('--answers', '--answers', [CompletionResultType]::ParameterName, 'Answers in a YAML file of the same shape as lesson.meta.yaml')
            [CompletionResult]::new('--set', '--set', [CompletionResultType]::ParameterName, 'One answer; KEY is a dotted path, list items by index from 0 (e.g. endpoints.0.image=utility); repeatable, applied after --answers')
            [CompletionResult]::new('--napalm-driver', '--napalm-driver', [CompletionResultType]::ParameterName, 'The NAPALM driver of a napalm-configured endpoint (junos, eos, iosxr, nxos, nxos_ssh, ios): names its configuration files; repeatable')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt: fail listing every missing answer instead')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Overwrite files that exist already')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only warnings, errors and machine output (no status lines or progress)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only warnings, errors and machine output (no status lines or progress)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Also say what each command is about to do')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Also say what each command is about to do')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'antidotectl;lesson;run' {
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'The curriculum directory')
            [CompletionResult]::new('--curriculum', '--curriculum', [CompletionResultType]::ParameterName, 'The curriculum directory')
            [CompletionResult]::new('--backend', '--backend', [CompletionResultType]::ParameterName, 'Where the lesson runs')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'The kubeconfig context (with --backend kubernetes; default: the current one)')
            [CompletionResult]::new('--forward-from', '--forward-from', [CompletionResultType]::ParameterName, 'With --backend kubernetes: the first local port presentations are forwarded from')
            [CompletionResult]::new('--stage', '--stage', [CompletionResultType]::ParameterName, 'The stage to start at')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Tear the lesson down after this long (90s, 30m, 2h)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'YAML configuration file (see docs/operations.md)')
            [CompletionResult]::new('--instance-id', '--instance-id', [CompletionResultType]::ParameterName, 'Prefix of every bus subject, so that several instances can share one NATS. [env: ANTIDOTE_INSTANCE_ID] [default: antidote]')
            [CompletionResult]::new('--docker-host', '--docker-host', [CompletionResultType]::ParameterName, 'The engine''s address (`unix:///run/podman/podman.sock`, `tcp://HOST:2375`); unset means `DOCKER_HOST`, else the default socket. [env: ANTIDOTE_DOCKER_HOST]')
            [CompletionResult]::new('--docker-publish-address', '--docker-publish-address', [CompletionResultType]::ParameterName, 'The address presentations are published on (and probed at). [env: ANTIDOTE_DOCKER_PUBLISH_ADDRESS] [default: 127.0.0.1]')
            [CompletionResult]::new('--docker-publish-from', '--docker-publish-from', [CompletionResultType]::ParameterName, 'The first host port presentations are published on, one after the other in lesson order (so an author''s `ssh -p` stays the same between runs); 0 lets the engine choose free ports. [env: ANTIDOTE_DOCKER_PUBLISH_FROM] [default: 0]')
            [CompletionResult]::new('--docker-pull', '--docker-pull', [CompletionResultType]::ParameterName, 'Pull images that are not on the engine (`false`: a missing image fails the lesson). [env: ANTIDOTE_DOCKER_PULL] [default: true]')
            [CompletionResult]::new('--images-org', '--images-org', [CompletionResultType]::ParameterName, 'The registry and organisation images are pulled from (`antidotelabs`, or `registry.example.com/lessons`). [env: ANTIDOTE_IMAGES_ORG] [default: antidotelabs]')
            [CompletionResult]::new('--images-tag', '--images-tag', [CompletionResultType]::ParameterName, 'The tag of every image (the curriculum''s version). [env: ANTIDOTE_IMAGES_TAG] [default: latest]')
            [CompletionResult]::new('--images-overrides', '--images-overrides', [CompletionResultType]::ParameterName, 'Images named explicitly, as `SLUG=REFERENCE` (`utility=localhost/utility:dev`). [env: ANTIDOTE_IMAGES_OVERRIDES]')
            [CompletionResult]::new('--images-configurator', '--images-configurator', [CompletionResultType]::ParameterName, 'The image that runs stage configuration (python, ansible, napalm); unset means `{org}/configurator:{tag}`. [env: ANTIDOTE_IMAGES_CONFIGURATOR]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only warnings, errors and machine output (no status lines or progress)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only warnings, errors and machine output (no status lines or progress)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Also say what each command is about to do')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Also say what each command is about to do')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'antidotectl;lesson;plan' {
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'The curriculum directory')
            [CompletionResult]::new('--curriculum', '--curriculum', [CompletionResultType]::ParameterName, 'The curriculum directory')
            [CompletionResult]::new('--stage', '--stage', [CompletionResultType]::ParameterName, 'The stage whose configuration Jobs are printed')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'YAML documents, or a JSON `List`')
            [CompletionResult]::new('--id', '--id', [CompletionResultType]::ParameterName, 'The livelesson id the objects are named and labelled after')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'YAML configuration file (see docs/operations.md)')
            [CompletionResult]::new('--instance-id', '--instance-id', [CompletionResultType]::ParameterName, 'Prefix of every bus subject, so that several instances can share one NATS. [env: ANTIDOTE_INSTANCE_ID] [default: antidote]')
            [CompletionResult]::new('--images-org', '--images-org', [CompletionResultType]::ParameterName, 'The registry and organisation images are pulled from (`antidotelabs`, or `registry.example.com/lessons`). [env: ANTIDOTE_IMAGES_ORG] [default: antidotelabs]')
            [CompletionResult]::new('--images-tag', '--images-tag', [CompletionResultType]::ParameterName, 'The tag of every image (the curriculum''s version). [env: ANTIDOTE_IMAGES_TAG] [default: latest]')
            [CompletionResult]::new('--images-overrides', '--images-overrides', [CompletionResultType]::ParameterName, 'Images named explicitly, as `SLUG=REFERENCE` (`utility=localhost/utility:dev`). [env: ANTIDOTE_IMAGES_OVERRIDES]')
            [CompletionResult]::new('--images-configurator', '--images-configurator', [CompletionResultType]::ParameterName, 'The image that runs stage configuration (python, ansible, napalm); unset means `{org}/configurator:{tag}`. [env: ANTIDOTE_IMAGES_CONFIGURATOR]')
            [CompletionResult]::new('--kubernetes-context', '--kubernetes-context', [CompletionResultType]::ParameterName, 'The kubeconfig context to use; unset means the current context of the kubeconfig (`KUBECONFIG` or `~/.kube/config`), else the service account of the pod the service runs in. [env: ANTIDOTE_KUBERNETES_CONTEXT]')
            [CompletionResult]::new('--kubernetes-heps-domain', '--kubernetes-heps-domain', [CompletionResultType]::ParameterName, 'The domain under which http presentations and jupyter guides get their ingress hosts (`{namespace}-{endpoint}-{presentation}.{heps_domain}`; the original''s `hepsDomain`). [env: ANTIDOTE_KUBERNETES_HEPS_DOMAIN] [default: localhost]')
            [CompletionResult]::new('--kubernetes-secrets-namespace', '--kubernetes-secrets-namespace', [CompletionResultType]::ParameterName, 'The namespace the TLS and pull secrets are copied from into each livelesson''s namespace (the original''s secrets namespace). [env: ANTIDOTE_KUBERNETES_SECRETS_NAMESPACE] [default: prod]')
            [CompletionResult]::new('--kubernetes-tls-secret', '--kubernetes-tls-secret', [CompletionResultType]::ParameterName, 'The TLS secret of the ingresses, copied from `secrets_namespace` (the original''s `tlsCertName`). [env: ANTIDOTE_KUBERNETES_TLS_SECRET] [default: tls-certificate]')
            [CompletionResult]::new('--kubernetes-pull-secret', '--kubernetes-pull-secret', [CompletionResultType]::ParameterName, 'An image pull secret copied from `secrets_namespace` and used by every pod; unset means none (the original''s `pullCredName`). [env: ANTIDOTE_KUBERNETES_PULL_SECRET]')
            [CompletionResult]::new('--kubernetes-always-pull', '--kubernetes-always-pull', [CompletionResultType]::ParameterName, 'Pull every image on every start (`Always`) instead of when missing (`IfNotPresent`) (the original''s `alwaysPull`). [env: ANTIDOTE_KUBERNETES_ALWAYS_PULL] [default: false]')
            [CompletionResult]::new('--kubernetes-allow-egress', '--kubernetes-allow-egress', [CompletionResultType]::ParameterName, 'Let every lesson''s pods reach outside their namespace (the original''s `allowEgress`); a lesson can also ask for it (`allowEgress` in its meta file). `egress_blocked` stays blocked either way. [env: ANTIDOTE_KUBERNETES_ALLOW_EGRESS] [default: false]')
            [CompletionResult]::new('--kubernetes-egress-blocked', '--kubernetes-egress-blocked', [CompletionResultType]::ParameterName, 'Networks lesson pods never reach, even with egress allowed (the cloud metadata addresses by default). [env: ANTIDOTE_KUBERNETES_EGRESS_BLOCKED]')
            [CompletionResult]::new('--kubernetes-ingress-namespaces', '--kubernetes-ingress-namespaces', [CompletionResultType]::ParameterName, 'Namespaces whose pods may reach lesson pods (where the terminal proxy and the ingress controller run); pods of the livelesson''s own namespace always may. [env: ANTIDOTE_KUBERNETES_INGRESS_NAMESPACES]')
            [CompletionResult]::new('--kubernetes-ingress-class', '--kubernetes-ingress-class', [CompletionResultType]::ParameterName, 'The ingress class of http presentations and jupyter guides; unset means the cluster''s default class. [env: ANTIDOTE_KUBERNETES_INGRESS_CLASS]')
            [CompletionResult]::new('--kubernetes-ingress-annotations', '--kubernetes-ingress-annotations', [CompletionResultType]::ParameterName, 'Annotations of every ingress, as `KEY=VALUE` (e.g. what lets the page be framed with your ingress controller). [env: ANTIDOTE_KUBERNETES_INGRESS_ANNOTATIONS]')
            [CompletionResult]::new('--kubernetes-untrusted-runtime-class', '--kubernetes-untrusted-runtime-class', [CompletionResultType]::ParameterName, 'The runtime class of `untrusted` images (`kata`, `gvisor`); unset means the cluster''s default runtime. [env: ANTIDOTE_KUBERNETES_UNTRUSTED_RUNTIME_CLASS]')
            [CompletionResult]::new('--kubernetes-init-image', '--kubernetes-init-image', [CompletionResultType]::ParameterName, 'The image of the init container that fetches the lesson''s files (it needs `sh`, `wget` and `tar`). [env: ANTIDOTE_KUBERNETES_INIT_IMAGE] [default: busybox:1.37]')
            [CompletionResult]::new('--kubernetes-jupyter-image', '--kubernetes-jupyter-image', [CompletionResultType]::ParameterName, 'The image of jupyter guides; unset means `{images.org}/jupyter:{images.tag}`. [env: ANTIDOTE_KUBERNETES_JUPYTER_IMAGE]')
            [CompletionResult]::new('--kubernetes-files-url', '--kubernetes-files-url', [CompletionResultType]::ParameterName, 'The API''s address as lesson pods reach it (`http://antidote-api.antidote.svc:8086`): init containers fetch the lesson''s files from its internal endpoint. [env: ANTIDOTE_KUBERNETES_FILES_URL] [default: http://antidote-api.antidote.svc:8086]')
            [CompletionResult]::new('--kubernetes-platform-namespace', '--kubernetes-platform-namespace', [CompletionResultType]::ParameterName, 'The namespace the platform''s services run in (the API, schedulers, checkers): its pods may reach lesson pods (the schedulers probe presentations), and lesson pods may reach its API pods (to fetch their files) even without egress. [env: ANTIDOTE_KUBERNETES_PLATFORM_NAMESPACE] [default: antidote]')
            [CompletionResult]::new('--kubernetes-api-pod-labels', '--kubernetes-api-pod-labels', [CompletionResultType]::ParameterName, 'The labels of the API''s pods, as `KEY=VALUE`: the only pods of `platform_namespace` that lesson pods may reach (not the database, not the bus). [env: ANTIDOTE_KUBERNETES_API_POD_LABELS]')
            [CompletionResult]::new('--kubernetes-files-key', '--kubernetes-files-key', [CompletionResultType]::ParameterName, 'The key that per-livelesson file tokens are derived from (at least 32 characters); the API and the schedulers must share it. Required by the Kubernetes backend; without it the API serves no lesson files. [env: ANTIDOTE_KUBERNETES_FILES_KEY] (prefer the variable: a flag shows in the process list)')
            [CompletionResult]::new('--kubernetes-cpu-request', '--kubernetes-cpu-request', [CompletionResultType]::ParameterName, 'The CPU each endpoint asks for (`100m`); unset means none. [env: ANTIDOTE_KUBERNETES_CPU_REQUEST]')
            [CompletionResult]::new('--kubernetes-memory-request', '--kubernetes-memory-request', [CompletionResultType]::ParameterName, 'The memory each endpoint asks for (`256Mi`); unset means none. [env: ANTIDOTE_KUBERNETES_MEMORY_REQUEST]')
            [CompletionResult]::new('--kubernetes-cpu-limit', '--kubernetes-cpu-limit', [CompletionResultType]::ParameterName, 'The most CPU an endpoint may use (`2`); unset means no limit. [env: ANTIDOTE_KUBERNETES_CPU_LIMIT]')
            [CompletionResult]::new('--kubernetes-memory-limit', '--kubernetes-memory-limit', [CompletionResultType]::ParameterName, 'The most memory an endpoint may use (`2Gi`); unset means no limit. [env: ANTIDOTE_KUBERNETES_MEMORY_LIMIT]')
            [CompletionResult]::new('--kubernetes-configure-timeout-ms', '--kubernetes-configure-timeout-ms', [CompletionResultType]::ParameterName, 'The longest one stage''s configuration Job may run, in milliseconds (its deadline). [env: ANTIDOTE_KUBERNETES_CONFIGURE_TIMEOUT_MS] [default: 300000]')
            [CompletionResult]::new('--kubernetes-probe-timeout-ms', '--kubernetes-probe-timeout-ms', [CompletionResultType]::ParameterName, 'The longest one readiness probe (an SSH handshake, a TCP connect) may take, in milliseconds. [env: ANTIDOTE_KUBERNETES_PROBE_TIMEOUT_MS] [default: 2000]')
            [CompletionResult]::new('--kubernetes-delete-timeout-ms', '--kubernetes-delete-timeout-ms', [CompletionResultType]::ParameterName, 'How long a teardown waits for the namespace to be gone, in milliseconds. [env: ANTIDOTE_KUBERNETES_DELETE_TIMEOUT_MS] [default: 120000]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only warnings, errors and machine output (no status lines or progress)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only warnings, errors and machine output (no status lines or progress)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Also say what each command is about to do')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Also say what each command is about to do')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'antidotectl;lesson;test' {
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'The curriculum directory')
            [CompletionResult]::new('--curriculum', '--curriculum', [CompletionResultType]::ParameterName, 'The curriculum directory')
            [CompletionResult]::new('--backend', '--backend', [CompletionResultType]::ParameterName, 'Where the lesson runs')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'The kubeconfig context (with --backend kubernetes; default: the current one)')
            [CompletionResult]::new('--forward-from', '--forward-from', [CompletionResultType]::ParameterName, 'With --backend kubernetes: the first local port presentations are forwarded from')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'human (on stderr), or json or junit (JUnit XML, on stdout)')
            [CompletionResult]::new('-j', '-j', [CompletionResultType]::ParameterName, 'Lessons tested at once')
            [CompletionResult]::new('--jobs', '--jobs', [CompletionResultType]::ParameterName, 'Lessons tested at once')
            [CompletionResult]::new('--script-timeout', '--script-timeout', [CompletionResultType]::ParameterName, 'The longest one check or solution may run')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'YAML configuration file (see docs/operations.md)')
            [CompletionResult]::new('--instance-id', '--instance-id', [CompletionResultType]::ParameterName, 'Prefix of every bus subject, so that several instances can share one NATS. [env: ANTIDOTE_INSTANCE_ID] [default: antidote]')
            [CompletionResult]::new('--docker-host', '--docker-host', [CompletionResultType]::ParameterName, 'The engine''s address (`unix:///run/podman/podman.sock`, `tcp://HOST:2375`); unset means `DOCKER_HOST`, else the default socket. [env: ANTIDOTE_DOCKER_HOST]')
            [CompletionResult]::new('--docker-publish-address', '--docker-publish-address', [CompletionResultType]::ParameterName, 'The address presentations are published on (and probed at). [env: ANTIDOTE_DOCKER_PUBLISH_ADDRESS] [default: 127.0.0.1]')
            [CompletionResult]::new('--docker-publish-from', '--docker-publish-from', [CompletionResultType]::ParameterName, 'The first host port presentations are published on, one after the other in lesson order (so an author''s `ssh -p` stays the same between runs); 0 lets the engine choose free ports. [env: ANTIDOTE_DOCKER_PUBLISH_FROM] [default: 0]')
            [CompletionResult]::new('--docker-pull', '--docker-pull', [CompletionResultType]::ParameterName, 'Pull images that are not on the engine (`false`: a missing image fails the lesson). [env: ANTIDOTE_DOCKER_PULL] [default: true]')
            [CompletionResult]::new('--images-org', '--images-org', [CompletionResultType]::ParameterName, 'The registry and organisation images are pulled from (`antidotelabs`, or `registry.example.com/lessons`). [env: ANTIDOTE_IMAGES_ORG] [default: antidotelabs]')
            [CompletionResult]::new('--images-tag', '--images-tag', [CompletionResultType]::ParameterName, 'The tag of every image (the curriculum''s version). [env: ANTIDOTE_IMAGES_TAG] [default: latest]')
            [CompletionResult]::new('--images-overrides', '--images-overrides', [CompletionResultType]::ParameterName, 'Images named explicitly, as `SLUG=REFERENCE` (`utility=localhost/utility:dev`). [env: ANTIDOTE_IMAGES_OVERRIDES]')
            [CompletionResult]::new('--images-configurator', '--images-configurator', [CompletionResultType]::ParameterName, 'The image that runs stage configuration (python, ansible, napalm); unset means `{org}/configurator:{tag}`. [env: ANTIDOTE_IMAGES_CONFIGURATOR]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only warnings, errors and machine output (no status lines or progress)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only warnings, errors and machine output (no status lines or progress)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Also say what each command is about to do')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Also say what each command is about to do')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'antidotectl;lesson;help' {
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create a lesson (lesson.meta.yaml) with its files, asking for what the answers leave open')
            [CompletionResult]::new('run', 'run', [CompletionResultType]::ParameterValue, 'Run a lesson on a container engine or a cluster, stage by stage, until Ctrl-C')
            [CompletionResult]::new('plan', 'plan', [CompletionResultType]::ParameterValue, 'Print every Kubernetes object of one livelesson of a lesson, without a cluster')
            [CompletionResult]::new('test', 'test', [CompletionResultType]::ParameterValue, 'Prove lessons can be solved: objectives start incomplete and their solutions complete them')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'antidotectl;lesson;help;create' {
            break
        }
        'antidotectl;lesson;help;run' {
            break
        }
        'antidotectl;lesson;help;plan' {
            break
        }
        'antidotectl;lesson;help;test' {
            break
        }
        'antidotectl;lesson;help;help' {
            break
        }
        'antidotectl;collection' {
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only warnings, errors and machine output (no status lines or progress)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only warnings, errors and machine output (no status lines or progress)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Also say what each command is about to do')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Also say what each command is about to do')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create a collection (collection.meta.yaml) with its files, asking for what the answers leave open')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'antidotectl;collection;create' {
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'The curriculum''s root directory')
            [CompletionResult]::new('--curriculum', '--curriculum', [CompletionResultType]::ParameterName, 'The curriculum''s root directory')
            [CompletionResult]::new('--answers', '--answers', [CompletionResultType]::ParameterName, 'Answers in a YAML file of the same shape as collection.meta.yaml')
            [CompletionResult]::new('--set', '--set', [CompletionResultType]::ParameterName, 'One answer; KEY is a dotted path, list items by index from 0 (e.g. endpoints.0.image=utility); repeatable, applied after --answers')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt: fail listing every missing answer instead')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Overwrite files that exist already')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only warnings, errors and machine output (no status lines or progress)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only warnings, errors and machine output (no status lines or progress)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Also say what each command is about to do')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Also say what each command is about to do')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'antidotectl;collection;help' {
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create a collection (collection.meta.yaml) with its files, asking for what the answers leave open')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'antidotectl;collection;help;create' {
            break
        }
        'antidotectl;collection;help;help' {
            break
        }
        'antidotectl;image' {
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only warnings, errors and machine output (no status lines or progress)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only warnings, errors and machine output (no status lines or progress)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Also say what each command is about to do')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Also say what each command is about to do')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create an image (image.meta.yaml) with its files, asking for what the answers leave open')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'antidotectl;image;create' {
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'The curriculum''s root directory')
            [CompletionResult]::new('--curriculum', '--curriculum', [CompletionResultType]::ParameterName, 'The curriculum''s root directory')
            [CompletionResult]::new('--answers', '--answers', [CompletionResultType]::ParameterName, 'Answers in a YAML file of the same shape as image.meta.yaml')
            [CompletionResult]::new('--set', '--set', [CompletionResultType]::ParameterName, 'One answer; KEY is a dotted path, list items by index from 0 (e.g. endpoints.0.image=utility); repeatable, applied after --answers')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt: fail listing every missing answer instead')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Overwrite files that exist already')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only warnings, errors and machine output (no status lines or progress)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only warnings, errors and machine output (no status lines or progress)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Also say what each command is about to do')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Also say what each command is about to do')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'antidotectl;image;help' {
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create an image (image.meta.yaml) with its files, asking for what the answers leave open')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'antidotectl;image;help;create' {
            break
        }
        'antidotectl;image;help;help' {
            break
        }
        'antidotectl;import' {
            [CompletionResult]::new('--ref', '--ref', [CompletionResultType]::ParameterName, 'Branch, tag or commit to import (git sources)')
            [CompletionResult]::new('--tier', '--tier', [CompletionResultType]::ParameterName, 'Leave out lessons and collections less public than TIER (local: import everything)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'YAML configuration file (see docs/operations.md)')
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, '`sqlite://PATH` or `postgres://...`; unset means the embedded default SQLite file. [env: ANTIDOTE_DATABASE_URL]')
            [CompletionResult]::new('--allow-shrink', '--allow-shrink', [CompletionResultType]::ParameterName, 'Import even if it removes every stored lesson, or more than import.max_removed_percent of them')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only warnings, errors and machine output (no status lines or progress)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only warnings, errors and machine output (no status lines or progress)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Also say what each command is about to do')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Also say what each command is about to do')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'antidotectl;serve' {
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Import this curriculum (directory or git source) before serving')
            [CompletionResult]::new('--curriculum', '--curriculum', [CompletionResultType]::ParameterName, 'Import this curriculum (directory or git source) before serving')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'YAML configuration file (see docs/operations.md)')
            [CompletionResult]::new('--instance-id', '--instance-id', [CompletionResultType]::ParameterName, 'Prefix of every bus subject, so that several instances can share one NATS. [env: ANTIDOTE_INSTANCE_ID] [default: antidote]')
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, '`sqlite://PATH` or `postgres://...`; unset means the embedded default SQLite file. [env: ANTIDOTE_DATABASE_URL]')
            [CompletionResult]::new('--database-acquire-timeout-ms', '--database-acquire-timeout-ms', [CompletionResultType]::ParameterName, 'How long a query waits for a PostgreSQL connection before it fails, in milliseconds: while the database is unreachable, API requests are answered 503 (with `Retry-After`) within this time. [env: ANTIDOTE_DATABASE_ACQUIRE_TIMEOUT_MS] [default: 1000]')
            [CompletionResult]::new('--nats-url', '--nats-url', [CompletionResultType]::ParameterName, '`nats://HOST:PORT`; unset means the in-process bus (one process only). [env: ANTIDOTE_NATS_URL]')
            [CompletionResult]::new('--nats-user', '--nats-user', [CompletionResultType]::ParameterName, 'User name (with `password`). [env: ANTIDOTE_NATS_USER]')
            [CompletionResult]::new('--nats-password', '--nats-password', [CompletionResultType]::ParameterName, 'Password (with `user`). [env: ANTIDOTE_NATS_PASSWORD] (prefer the variable: a flag shows in the process list)')
            [CompletionResult]::new('--nats-token', '--nats-token', [CompletionResultType]::ParameterName, 'Token (instead of user and password). [env: ANTIDOTE_NATS_TOKEN] (prefer the variable: a flag shows in the process list)')
            [CompletionResult]::new('--backend', '--backend', [CompletionResultType]::ParameterName, 'Which backend provisions livelessons. [env: ANTIDOTE_BACKEND] [default: preview]')
            [CompletionResult]::new('--tier', '--tier', [CompletionResultType]::ParameterName, 'The most private tier served (the API shows resources at least this public). [env: ANTIDOTE_TIER] [default: local]')
            [CompletionResult]::new('--listen', '--listen', [CompletionResultType]::ParameterName, 'Address to listen on. [env: ANTIDOTE_LISTEN] [default: 127.0.0.1:8086]')
            [CompletionResult]::new('--admin-token', '--admin-token', [CompletionResultType]::ParameterName, 'Bearer token for `/api/v1/admin/...` (at least 16 characters); unset disables the admin API. [env: ANTIDOTE_ADMIN_TOKEN] (prefer the variable: a flag shows in the process list)')
            [CompletionResult]::new('--api-trusted-proxies', '--api-trusted-proxies', [CompletionResultType]::ParameterName, 'Peers whose `X-Forwarded-For` header is believed: addresses (`10.0.0.1`) or networks (`10.0.0.0/8`, `fd00::/8`). [env: ANTIDOTE_API_TRUSTED_PROXIES]')
            [CompletionResult]::new('--api-cors-origins', '--api-cors-origins', [CompletionResultType]::ParameterName, 'Origins allowed by CORS (`*` for any); empty allows none. [env: ANTIDOTE_API_CORS_ORIGINS]')
            [CompletionResult]::new('--api-max-body-bytes', '--api-max-body-bytes', [CompletionResultType]::ParameterName, 'Largest request body accepted, in bytes. [env: ANTIDOTE_API_MAX_BODY_BYTES] [default: 16384]')
            [CompletionResult]::new('--api-sessions-per-ip-per-hour', '--api-sessions-per-ip-per-hour', [CompletionResultType]::ParameterName, 'Sessions one source address may create per hour (0: no limit). [env: ANTIDOTE_API_SESSIONS_PER_IP_PER_HOUR] [default: 100]')
            [CompletionResult]::new('--api-livelessons-per-session', '--api-livelessons-per-session', [CompletionResultType]::ParameterName, 'Livelessons one session may hold at once (0: no limit). [env: ANTIDOTE_API_LIVELESSONS_PER_SESSION] [default: 3]')
            [CompletionResult]::new('--api-request-timeout-ms', '--api-request-timeout-ms', [CompletionResultType]::ParameterName, 'How long to wait for a scheduler to acknowledge a request, in milliseconds. [env: ANTIDOTE_API_REQUEST_TIMEOUT_MS] [default: 3000]')
            [CompletionResult]::new('--api-curriculum-refresh-ms', '--api-curriculum-refresh-ms', [CompletionResultType]::ParameterName, 'How often to check for a newly imported curriculum, in milliseconds. [env: ANTIDOTE_API_CURRICULUM_REFRESH_MS] [default: 1000]')
            [CompletionResult]::new('--api-header-read-timeout-ms', '--api-header-read-timeout-ms', [CompletionResultType]::ParameterName, 'How long a client may take to send a request''s line and headers, in milliseconds, counted from when its connection is ready for them (accepted, or the previous answer sent): a slow client, or one idle between requests, is disconnected then. [env: ANTIDOTE_API_HEADER_READ_TIMEOUT_MS] [default: 10000]')
            [CompletionResult]::new('--api-idle-timeout-ms', '--api-idle-timeout-ms', [CompletionResultType]::ParameterName, 'How long a connection may stay silent (no byte in either direction), in milliseconds, before it is closed, whatever it is doing (a stalled body, an unread answer). [env: ANTIDOTE_API_IDLE_TIMEOUT_MS] [default: 60000]')
            [CompletionResult]::new('--api-max-connections', '--api-max-connections', [CompletionResultType]::ParameterName, 'Connections open at once, in all; kept below the process''s open-file limit (less 128 for the database, the bus and files). A connection beyond it is closed at once. [env: ANTIDOTE_API_MAX_CONNECTIONS] [default: 4096]')
            [CompletionResult]::new('--api-max-connections-per-address', '--api-max-connections-per-address', [CompletionResultType]::ParameterName, 'Connections open at once from one source address (a trusted proxy''s connections carry many clients and count only towards `max_connections`). Beyond it, closed at once. [env: ANTIDOTE_API_MAX_CONNECTIONS_PER_ADDRESS] [default: 256]')
            [CompletionResult]::new('--scheduler-lease-ms', '--scheduler-lease-ms', [CompletionResultType]::ParameterName, 'How long a replica''s hold on a livelesson it works on lasts, in milliseconds. It is renewed every third of that while the replica lives, so a dead replica''s livelessons are resumed by another within this time (plus `sweep_interval_ms`). [env: ANTIDOTE_SCHEDULER_LEASE_MS] [default: 10000]')
            [CompletionResult]::new('--scheduler-concurrency', '--scheduler-concurrency', [CompletionResultType]::ParameterName, 'How many livelessons one replica works on at once. [env: ANTIDOTE_SCHEDULER_CONCURRENCY] [default: 64]')
            [CompletionResult]::new('--scheduler-endpoint-retries', '--scheduler-endpoint-retries', [CompletionResultType]::ParameterName, 'How many times endpoints that do not come up are retried before the livelesson FAILS. [env: ANTIDOTE_SCHEDULER_ENDPOINT_RETRIES] [default: 2]')
            [CompletionResult]::new('--scheduler-endpoint-timeout-ms', '--scheduler-endpoint-timeout-ms', [CompletionResultType]::ParameterName, 'How long to wait for every endpoint to come up, per attempt, in milliseconds. [env: ANTIDOTE_SCHEDULER_ENDPOINT_TIMEOUT_MS] [default: 300000]')
            [CompletionResult]::new('--scheduler-call-timeout-ms', '--scheduler-call-timeout-ms', [CompletionResultType]::ParameterName, 'The longest one backend call may take, in milliseconds (a hung call then counts as a retryable failure instead of holding the livelesson forever). [env: ANTIDOTE_SCHEDULER_CALL_TIMEOUT_MS] [default: 600000]')
            [CompletionResult]::new('--scheduler-sweep-interval-ms', '--scheduler-sweep-interval-ms', [CompletionResultType]::ParameterName, 'How often to look for livelessons whose owner died (or that nobody took), in milliseconds. [env: ANTIDOTE_SCHEDULER_SWEEP_INTERVAL_MS] [default: 2000]')
            [CompletionResult]::new('--scheduler-orphan-sweep-interval-ms', '--scheduler-orphan-sweep-interval-ms', [CompletionResultType]::ParameterName, 'How often to tear down what the backend has of livelessons that have no row (orphans), in milliseconds. [env: ANTIDOTE_SCHEDULER_ORPHAN_SWEEP_INTERVAL_MS] [default: 60000]')
            [CompletionResult]::new('--preview-delay-ms', '--preview-delay-ms', [CompletionResultType]::ParameterName, 'A pretend provisioning time per livelesson, in milliseconds (demos, front-end work and tests of the scheduler); 0 by default. [env: ANTIDOTE_PREVIEW_DELAY_MS] [default: 0]')
            [CompletionResult]::new('--preview-record', '--preview-record', [CompletionResultType]::ParameterName, 'A file to which every create, configure and teardown is appended as a JSON line, with the process that did it (an audit of who provisioned what); unset by default. [env: ANTIDOTE_PREVIEW_RECORD]')
            [CompletionResult]::new('--images-org', '--images-org', [CompletionResultType]::ParameterName, 'The registry and organisation images are pulled from (`antidotelabs`, or `registry.example.com/lessons`). [env: ANTIDOTE_IMAGES_ORG] [default: antidotelabs]')
            [CompletionResult]::new('--images-tag', '--images-tag', [CompletionResultType]::ParameterName, 'The tag of every image (the curriculum''s version). [env: ANTIDOTE_IMAGES_TAG] [default: latest]')
            [CompletionResult]::new('--images-overrides', '--images-overrides', [CompletionResultType]::ParameterName, 'Images named explicitly, as `SLUG=REFERENCE` (`utility=localhost/utility:dev`). [env: ANTIDOTE_IMAGES_OVERRIDES]')
            [CompletionResult]::new('--images-configurator', '--images-configurator', [CompletionResultType]::ParameterName, 'The image that runs stage configuration (python, ansible, napalm); unset means `{org}/configurator:{tag}`. [env: ANTIDOTE_IMAGES_CONFIGURATOR]')
            [CompletionResult]::new('--docker-host', '--docker-host', [CompletionResultType]::ParameterName, 'The engine''s address (`unix:///run/podman/podman.sock`, `tcp://HOST:2375`); unset means `DOCKER_HOST`, else the default socket. [env: ANTIDOTE_DOCKER_HOST]')
            [CompletionResult]::new('--docker-publish-address', '--docker-publish-address', [CompletionResultType]::ParameterName, 'The address presentations are published on (and probed at). [env: ANTIDOTE_DOCKER_PUBLISH_ADDRESS] [default: 127.0.0.1]')
            [CompletionResult]::new('--docker-publish-from', '--docker-publish-from', [CompletionResultType]::ParameterName, 'The first host port presentations are published on, one after the other in lesson order (so an author''s `ssh -p` stays the same between runs); 0 lets the engine choose free ports. [env: ANTIDOTE_DOCKER_PUBLISH_FROM] [default: 0]')
            [CompletionResult]::new('--docker-untrusted-runtime', '--docker-untrusted-runtime', [CompletionResultType]::ParameterName, 'The container runtime of `untrusted` images (`runsc`, `kata`); unset means the engine''s default. [env: ANTIDOTE_DOCKER_UNTRUSTED_RUNTIME]')
            [CompletionResult]::new('--docker-pull', '--docker-pull', [CompletionResultType]::ParameterName, 'Pull images that are not on the engine (`false`: a missing image fails the lesson). [env: ANTIDOTE_DOCKER_PULL] [default: true]')
            [CompletionResult]::new('--docker-configure-timeout-ms', '--docker-configure-timeout-ms', [CompletionResultType]::ParameterName, 'The longest one stage''s configuration may run, in milliseconds. [env: ANTIDOTE_DOCKER_CONFIGURE_TIMEOUT_MS] [default: 300000]')
            [CompletionResult]::new('--docker-probe-timeout-ms', '--docker-probe-timeout-ms', [CompletionResultType]::ParameterName, 'The longest one readiness probe (an SSH handshake, a TCP connect) may take, in milliseconds. [env: ANTIDOTE_DOCKER_PROBE_TIMEOUT_MS] [default: 2000]')
            [CompletionResult]::new('--kubernetes-context', '--kubernetes-context', [CompletionResultType]::ParameterName, 'The kubeconfig context to use; unset means the current context of the kubeconfig (`KUBECONFIG` or `~/.kube/config`), else the service account of the pod the service runs in. [env: ANTIDOTE_KUBERNETES_CONTEXT]')
            [CompletionResult]::new('--kubernetes-heps-domain', '--kubernetes-heps-domain', [CompletionResultType]::ParameterName, 'The domain under which http presentations and jupyter guides get their ingress hosts (`{namespace}-{endpoint}-{presentation}.{heps_domain}`; the original''s `hepsDomain`). [env: ANTIDOTE_KUBERNETES_HEPS_DOMAIN] [default: localhost]')
            [CompletionResult]::new('--kubernetes-secrets-namespace', '--kubernetes-secrets-namespace', [CompletionResultType]::ParameterName, 'The namespace the TLS and pull secrets are copied from into each livelesson''s namespace (the original''s secrets namespace). [env: ANTIDOTE_KUBERNETES_SECRETS_NAMESPACE] [default: prod]')
            [CompletionResult]::new('--kubernetes-tls-secret', '--kubernetes-tls-secret', [CompletionResultType]::ParameterName, 'The TLS secret of the ingresses, copied from `secrets_namespace` (the original''s `tlsCertName`). [env: ANTIDOTE_KUBERNETES_TLS_SECRET] [default: tls-certificate]')
            [CompletionResult]::new('--kubernetes-pull-secret', '--kubernetes-pull-secret', [CompletionResultType]::ParameterName, 'An image pull secret copied from `secrets_namespace` and used by every pod; unset means none (the original''s `pullCredName`). [env: ANTIDOTE_KUBERNETES_PULL_SECRET]')
            [CompletionResult]::new('--kubernetes-always-pull', '--kubernetes-always-pull', [CompletionResultType]::ParameterName, 'Pull every image on every start (`Always`) instead of when missing (`IfNotPresent`) (the original''s `alwaysPull`). [env: ANTIDOTE_KUBERNETES_ALWAYS_PULL] [default: false]')
            [CompletionResult]::new('--kubernetes-allow-egress', '--kubernetes-allow-egress', [CompletionResultType]::ParameterName, 'Let every lesson''s pods reach outside their namespace (the original''s `allowEgress`); a lesson can also ask for it (`allowEgress` in its meta file). `egress_blocked` stays blocked either way. [env: ANTIDOTE_KUBERNETES_ALLOW_EGRESS] [default: false]')
            [CompletionResult]::new('--kubernetes-egress-blocked', '--kubernetes-egress-blocked', [CompletionResultType]::ParameterName, 'Networks lesson pods never reach, even with egress allowed (the cloud metadata addresses by default). [env: ANTIDOTE_KUBERNETES_EGRESS_BLOCKED]')
            [CompletionResult]::new('--kubernetes-ingress-namespaces', '--kubernetes-ingress-namespaces', [CompletionResultType]::ParameterName, 'Namespaces whose pods may reach lesson pods (where the terminal proxy and the ingress controller run); pods of the livelesson''s own namespace always may. [env: ANTIDOTE_KUBERNETES_INGRESS_NAMESPACES]')
            [CompletionResult]::new('--kubernetes-ingress-class', '--kubernetes-ingress-class', [CompletionResultType]::ParameterName, 'The ingress class of http presentations and jupyter guides; unset means the cluster''s default class. [env: ANTIDOTE_KUBERNETES_INGRESS_CLASS]')
            [CompletionResult]::new('--kubernetes-ingress-annotations', '--kubernetes-ingress-annotations', [CompletionResultType]::ParameterName, 'Annotations of every ingress, as `KEY=VALUE` (e.g. what lets the page be framed with your ingress controller). [env: ANTIDOTE_KUBERNETES_INGRESS_ANNOTATIONS]')
            [CompletionResult]::new('--kubernetes-untrusted-runtime-class', '--kubernetes-untrusted-runtime-class', [CompletionResultType]::ParameterName, 'The runtime class of `untrusted` images (`kata`, `gvisor`); unset means the cluster''s default runtime. [env: ANTIDOTE_KUBERNETES_UNTRUSTED_RUNTIME_CLASS]')
            [CompletionResult]::new('--kubernetes-init-image', '--kubernetes-init-image', [CompletionResultType]::ParameterName, 'The image of the init container that fetches the lesson''s files (it needs `sh`, `wget` and `tar`). [env: ANTIDOTE_KUBERNETES_INIT_IMAGE] [default: busybox:1.37]')
            [CompletionResult]::new('--kubernetes-jupyter-image', '--kubernetes-jupyter-image', [CompletionResultType]::ParameterName, 'The image of jupyter guides; unset means `{images.org}/jupyter:{images.tag}`. [env: ANTIDOTE_KUBERNETES_JUPYTER_IMAGE]')
            [CompletionResult]::new('--kubernetes-files-url', '--kubernetes-files-url', [CompletionResultType]::ParameterName, 'The API''s address as lesson pods reach it (`http://antidote-api.antidote.svc:8086`): init containers fetch the lesson''s files from its internal endpoint. [env: ANTIDOTE_KUBERNETES_FILES_URL] [default: http://antidote-api.antidote.svc:8086]')
            [CompletionResult]::new('--kubernetes-platform-namespace', '--kubernetes-platform-namespace', [CompletionResultType]::ParameterName, 'The namespace the platform''s services run in (the API, schedulers, checkers): its pods may reach lesson pods (the schedulers probe presentations), and lesson pods may reach its API pods (to fetch their files) even without egress. [env: ANTIDOTE_KUBERNETES_PLATFORM_NAMESPACE] [default: antidote]')
            [CompletionResult]::new('--kubernetes-api-pod-labels', '--kubernetes-api-pod-labels', [CompletionResultType]::ParameterName, 'The labels of the API''s pods, as `KEY=VALUE`: the only pods of `platform_namespace` that lesson pods may reach (not the database, not the bus). [env: ANTIDOTE_KUBERNETES_API_POD_LABELS]')
            [CompletionResult]::new('--kubernetes-files-key', '--kubernetes-files-key', [CompletionResultType]::ParameterName, 'The key that per-livelesson file tokens are derived from (at least 32 characters); the API and the schedulers must share it. Required by the Kubernetes backend; without it the API serves no lesson files. [env: ANTIDOTE_KUBERNETES_FILES_KEY] (prefer the variable: a flag shows in the process list)')
            [CompletionResult]::new('--kubernetes-cpu-request', '--kubernetes-cpu-request', [CompletionResultType]::ParameterName, 'The CPU each endpoint asks for (`100m`); unset means none. [env: ANTIDOTE_KUBERNETES_CPU_REQUEST]')
            [CompletionResult]::new('--kubernetes-memory-request', '--kubernetes-memory-request', [CompletionResultType]::ParameterName, 'The memory each endpoint asks for (`256Mi`); unset means none. [env: ANTIDOTE_KUBERNETES_MEMORY_REQUEST]')
            [CompletionResult]::new('--kubernetes-cpu-limit', '--kubernetes-cpu-limit', [CompletionResultType]::ParameterName, 'The most CPU an endpoint may use (`2`); unset means no limit. [env: ANTIDOTE_KUBERNETES_CPU_LIMIT]')
            [CompletionResult]::new('--kubernetes-memory-limit', '--kubernetes-memory-limit', [CompletionResultType]::ParameterName, 'The most memory an endpoint may use (`2Gi`); unset means no limit. [env: ANTIDOTE_KUBERNETES_MEMORY_LIMIT]')
            [CompletionResult]::new('--kubernetes-configure-timeout-ms', '--kubernetes-configure-timeout-ms', [CompletionResultType]::ParameterName, 'The longest one stage''s configuration Job may run, in milliseconds (its deadline). [env: ANTIDOTE_KUBERNETES_CONFIGURE_TIMEOUT_MS] [default: 300000]')
            [CompletionResult]::new('--kubernetes-probe-timeout-ms', '--kubernetes-probe-timeout-ms', [CompletionResultType]::ParameterName, 'The longest one readiness probe (an SSH handshake, a TCP connect) may take, in milliseconds. [env: ANTIDOTE_KUBERNETES_PROBE_TIMEOUT_MS] [default: 2000]')
            [CompletionResult]::new('--kubernetes-delete-timeout-ms', '--kubernetes-delete-timeout-ms', [CompletionResultType]::ParameterName, 'How long a teardown waits for the namespace to be gone, in milliseconds. [env: ANTIDOTE_KUBERNETES_DELETE_TIMEOUT_MS] [default: 120000]')
            [CompletionResult]::new('--checker-interval-ms', '--checker-interval-ms', [CompletionResultType]::ParameterName, 'How often an objective that is not complete is checked at first, in milliseconds. [env: ANTIDOTE_CHECKER_INTERVAL_MS] [default: 500]')
            [CompletionResult]::new('--checker-max-interval-ms', '--checker-max-interval-ms', [CompletionResultType]::ParameterName, 'The longest wait between two checks of a livelesson, in milliseconds (the interval doubles, up to this, while nothing changes). [env: ANTIDOTE_CHECKER_MAX_INTERVAL_MS] [default: 2000]')
            [CompletionResult]::new('--checker-lease-ms', '--checker-lease-ms', [CompletionResultType]::ParameterName, 'How long a replica''s hold on a livelesson''s checks lasts, in milliseconds (renewed every third of it while the replica lives). [env: ANTIDOTE_CHECKER_LEASE_MS] [default: 10000]')
            [CompletionResult]::new('--checker-concurrency', '--checker-concurrency', [CompletionResultType]::ParameterName, 'How many livelessons one replica checks at once (each is held until its stage is done, so beyond this many active livelessons run more replicas). [env: ANTIDOTE_CHECKER_CONCURRENCY] [default: 1000]')
            [CompletionResult]::new('--checker-script-timeout-ms', '--checker-script-timeout-ms', [CompletionResultType]::ParameterName, 'The longest one check may run, in milliseconds (then it is an error). [env: ANTIDOTE_CHECKER_SCRIPT_TIMEOUT_MS] [default: 30000]')
            [CompletionResult]::new('--gc-interval-ms', '--gc-interval-ms', [CompletionResultType]::ParameterName, 'How often to look for idle livelessons and sessions, in milliseconds. [env: ANTIDOTE_GC_INTERVAL_MS] [default: 30000]')
            [CompletionResult]::new('--gc-livelesson-ttl-ms', '--gc-livelesson-ttl-ms', [CompletionResultType]::ParameterName, 'A livelesson idle this long (milliseconds) is deleted, unless its session is persistent. [env: ANTIDOTE_GC_LIVELESSON_TTL_MS] [default: 1800000]')
            [CompletionResult]::new('--gc-session-ttl-ms', '--gc-session-ttl-ms', [CompletionResultType]::ParameterName, 'A session idle this long (milliseconds) with no livelessons is deleted, unless it is persistent. [env: ANTIDOTE_GC_SESSION_TTL_MS] [default: 86400000]')
            [CompletionResult]::new('--gc-batch', '--gc-batch', [CompletionResultType]::ParameterName, 'Most livelessons (and sessions) handled per round and replica. [env: ANTIDOTE_GC_BATCH] [default: 100]')
            [CompletionResult]::new('--import-max-removed-percent', '--import-max-removed-percent', [CompletionResultType]::ParameterName, 'The largest share of the stored lessons, in percent, that an import may remove without `--allow-shrink` (an import that removes every lesson always needs it). [env: ANTIDOTE_IMPORT_MAX_REMOVED_PERCENT] [default: 50]')
            [CompletionResult]::new('--limits-meta-file-bytes', '--limits-meta-file-bytes', [CompletionResultType]::ParameterName, 'The largest meta file (`*.meta.yaml`), in bytes, as written and as JSON once YAML aliases are expanded. [env: ANTIDOTE_LIMITS_META_FILE_BYTES] [default: 1048576]')
            [CompletionResult]::new('--limits-guide-bytes', '--limits-guide-bytes', [CompletionResultType]::ParameterName, 'The largest markdown guide (any `.md` file of a lesson), in bytes. [env: ANTIDOTE_LIMITS_GUIDE_BYTES] [default: 4194304]')
            [CompletionResult]::new('--limits-notebook-bytes', '--limits-notebook-bytes', [CompletionResultType]::ParameterName, 'The largest Jupyter notebook (any `.ipynb` file of a lesson), in bytes. [env: ANTIDOTE_LIMITS_NOTEBOOK_BYTES] [default: 8388608]')
            [CompletionResult]::new('--limits-file-bytes', '--limits-file-bytes', [CompletionResultType]::ParameterName, 'The largest file of a lesson (configurations, scripts, pictures, ...), in bytes. [env: ANTIDOTE_LIMITS_FILE_BYTES] [default: 33554432]')
            [CompletionResult]::new('--limits-lesson-bytes', '--limits-lesson-bytes', [CompletionResultType]::ParameterName, 'The largest lesson: every file under its directory together, in bytes. [env: ANTIDOTE_LIMITS_LESSON_BYTES] [default: 67108864]')
            [CompletionResult]::new('--metrics-listen', '--metrics-listen', [CompletionResultType]::ParameterName, 'Address of a listener serving the process''s Prometheus metrics on `/metrics` (`127.0.0.1:9186`), for services without an HTTP port of their own; unset means none (the API serves `/metrics` on its own address either way). [env: ANTIDOTE_METRICS_LISTEN]')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'How log lines are written: `text` for people, `json` for collectors. [env: ANTIDOTE_LOG_FORMAT] [default: text]')
            [CompletionResult]::new('--otlp-endpoint', '--otlp-endpoint', [CompletionResultType]::ParameterName, 'Where traces are exported over OTLP (`http://collector:4318`); unset means `OTEL_EXPORTER_OTLP_ENDPOINT`, and without either nothing is exported. `OTEL_EXPORTER_OTLP_PROTOCOL` (`grpc`, `http/protobuf`) and `OTEL_SERVICE_NAME` are honoured. [env: ANTIDOTE_OTLP_ENDPOINT]')
            [CompletionResult]::new('--trace-sampling-ratio', '--trace-sampling-ratio', [CompletionResultType]::ParameterName, 'The share of traces started here that are recorded and exported (0 to 1); a trace continued from a caller follows the caller''s choice. [env: ANTIDOTE_TRACE_SAMPLING_RATIO] [default: 1.0]')
            [CompletionResult]::new('--stats-refresh-ms', '--stats-refresh-ms', [CompletionResultType]::ParameterName, 'How often the platform-wide view (livelessons by lesson, stage and status; sessions) is read from the database, in milliseconds. [env: ANTIDOTE_STATS_REFRESH_MS] [default: 5000]')
            [CompletionResult]::new('--stats-influx-url', '--stats-influx-url', [CompletionResultType]::ParameterName, 'An InfluxDB write URL that line protocol is pushed to (`http://influxdb:8086/write?db=antidote`); unset means none. [env: ANTIDOTE_STATS_INFLUX_URL]')
            [CompletionResult]::new('--stats-influx-interval-ms', '--stats-influx-interval-ms', [CompletionResultType]::ParameterName, 'How often line protocol is pushed, in milliseconds. [env: ANTIDOTE_STATS_INFLUX_INTERVAL_MS] [default: 10000]')
            [CompletionResult]::new('--allow-shrink', '--allow-shrink', [CompletionResultType]::ParameterName, 'Import even if the curriculum removes every stored lesson, or more than import.max_removed_percent of them')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only warnings, errors and machine output (no status lines or progress)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only warnings, errors and machine output (no status lines or progress)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Also say what each command is about to do')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Also say what each command is about to do')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'antidotectl;livelesson' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'The Antidote API')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'The admin bearer token')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'human (a table on stdout) or json')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only warnings, errors and machine output (no status lines or progress)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only warnings, errors and machine output (no status lines or progress)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Also say what each command is about to do')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Also say what each command is about to do')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List every livelesson, newest first')
            [CompletionResult]::new('kill', 'kill', [CompletionResultType]::ParameterValue, 'Tear a livelesson down and delete it')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'antidotectl;livelesson;list' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'The Antidote API')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'The admin bearer token')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'human (a table on stdout) or json')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only warnings, errors and machine output (no status lines or progress)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only warnings, errors and machine output (no status lines or progress)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Also say what each command is about to do')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Also say what each command is about to do')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'antidotectl;livelesson;kill' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'The Antidote API')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'The admin bearer token')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'human (a table on stdout) or json')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only warnings, errors and machine output (no status lines or progress)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only warnings, errors and machine output (no status lines or progress)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Also say what each command is about to do')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Also say what each command is about to do')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'antidotectl;livelesson;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List every livelesson, newest first')
            [CompletionResult]::new('kill', 'kill', [CompletionResultType]::ParameterValue, 'Tear a livelesson down and delete it')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'antidotectl;livelesson;help;list' {
            break
        }
        'antidotectl;livelesson;help;kill' {
            break
        }
        'antidotectl;livelesson;help;help' {
            break
        }
        'antidotectl;session' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'The Antidote API')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'The admin bearer token')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'human (a table on stdout) or json')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only warnings, errors and machine output (no status lines or progress)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only warnings, errors and machine output (no status lines or progress)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Also say what each command is about to do')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Also say what each command is about to do')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List every session, newest first')
            [CompletionResult]::new('persist', 'persist', [CompletionResultType]::ParameterValue, 'Keep a session and its livelessons however idle (gc skips it)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'antidotectl;session;list' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'The Antidote API')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'The admin bearer token')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'human (a table on stdout) or json')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only warnings, errors and machine output (no status lines or progress)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only warnings, errors and machine output (no status lines or progress)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Also say what each command is about to do')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Also say what each command is about to do')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'antidotectl;session;persist' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'The Antidote API')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'The admin bearer token')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'human (a table on stdout) or json')
            [CompletionResult]::new('--off', '--off', [CompletionResultType]::ParameterName, 'Let gc expire it again')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only warnings, errors and machine output (no status lines or progress)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only warnings, errors and machine output (no status lines or progress)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Also say what each command is about to do')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Also say what each command is about to do')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'antidotectl;session;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List every session, newest first')
            [CompletionResult]::new('persist', 'persist', [CompletionResultType]::ParameterValue, 'Keep a session and its livelessons however idle (gc skips it)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'antidotectl;session;help;list' {
            break
        }
        'antidotectl;session;help;persist' {
            break
        }
        'antidotectl;session;help;help' {
            break
        }
        'antidotectl;db' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'YAML configuration file (see docs/operations.md)')
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, '`sqlite://PATH` or `postgres://...`; unset means the embedded default SQLite file. [env: ANTIDOTE_DATABASE_URL]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only warnings, errors and machine output (no status lines or progress)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only warnings, errors and machine output (no status lines or progress)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Also say what each command is about to do')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Also say what each command is about to do')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Drop every Antidote table and create the schema anew (deletes all data)')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Show the schema version and the imported curriculum')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'antidotectl;db;init' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'YAML configuration file (see docs/operations.md)')
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, '`sqlite://PATH` or `postgres://...`; unset means the embedded default SQLite file. [env: ANTIDOTE_DATABASE_URL]')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only warnings, errors and machine output (no status lines or progress)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only warnings, errors and machine output (no status lines or progress)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Also say what each command is about to do')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Also say what each command is about to do')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'antidotectl;db;status' {
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'human (on stderr) or json (on stdout)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'YAML configuration file (see docs/operations.md)')
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, '`sqlite://PATH` or `postgres://...`; unset means the embedded default SQLite file. [env: ANTIDOTE_DATABASE_URL]')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only warnings, errors and machine output (no status lines or progress)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only warnings, errors and machine output (no status lines or progress)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Also say what each command is about to do')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Also say what each command is about to do')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'antidotectl;db;help' {
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Drop every Antidote table and create the schema anew (deletes all data)')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Show the schema version and the imported curriculum')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'antidotectl;db;help;init' {
            break
        }
        'antidotectl;db;help;status' {
            break
        }
        'antidotectl;db;help;help' {
            break
        }
        'antidotectl;schema' {
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only warnings, errors and machine output (no status lines or progress)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only warnings, errors and machine output (no status lines or progress)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Also say what each command is about to do')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Also say what each command is about to do')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'antidotectl;completions' {
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only warnings, errors and machine output (no status lines or progress)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only warnings, errors and machine output (no status lines or progress)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Also say what each command is about to do')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Also say what each command is about to do')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'antidotectl;help' {
            [CompletionResult]::new('validate', 'validate', [CompletionResultType]::ParameterValue, 'Check a curriculum: schema, files, references; report every finding')
            [CompletionResult]::new('curriculum', 'curriculum', [CompletionResultType]::ParameterValue, 'Curricula: start a new one with the wizard')
            [CompletionResult]::new('lesson', 'lesson', [CompletionResultType]::ParameterValue, 'Lessons: create one with the wizard, run or plan one, prove they can be solved')
            [CompletionResult]::new('collection', 'collection', [CompletionResultType]::ParameterValue, 'Collections: create one with the wizard')
            [CompletionResult]::new('image', 'image', [CompletionResultType]::ParameterValue, 'Images: create one with the wizard')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Validate a curriculum and store it in place of the imported one')
            [CompletionResult]::new('serve', 'serve', [CompletionResultType]::ParameterValue, 'Run every Antidote service in one process (API, scheduler, gc) for one machine')
            [CompletionResult]::new('livelesson', 'livelesson', [CompletionResultType]::ParameterValue, 'List or kill running lessons (admin API)')
            [CompletionResult]::new('session', 'session', [CompletionResultType]::ParameterValue, 'List sessions or keep one from expiring (admin API)')
            [CompletionResult]::new('db', 'db', [CompletionResultType]::ParameterValue, 'Create or inspect the database')
            [CompletionResult]::new('schema', 'schema', [CompletionResultType]::ParameterValue, 'Print the JSON Schema of a resource file, for editors and other tools')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print shell completions (bash, zsh, fish, powershell, elvish)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'antidotectl;help;validate' {
            break
        }
        'antidotectl;help;curriculum' {
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Create a new curriculum (curriculum.meta.yaml) in DIR')
            break
        }
        'antidotectl;help;curriculum;init' {
            break
        }
        'antidotectl;help;lesson' {
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create a lesson (lesson.meta.yaml) with its files, asking for what the answers leave open')
            [CompletionResult]::new('run', 'run', [CompletionResultType]::ParameterValue, 'Run a lesson on a container engine or a cluster, stage by stage, until Ctrl-C')
            [CompletionResult]::new('plan', 'plan', [CompletionResultType]::ParameterValue, 'Print every Kubernetes object of one livelesson of a lesson, without a cluster')
            [CompletionResult]::new('test', 'test', [CompletionResultType]::ParameterValue, 'Prove lessons can be solved: objectives start incomplete and their solutions complete them')
            break
        }
        'antidotectl;help;lesson;create' {
            break
        }
        'antidotectl;help;lesson;run' {
            break
        }
        'antidotectl;help;lesson;plan' {
            break
        }
        'antidotectl;help;lesson;test' {
            break
        }
        'antidotectl;help;collection' {
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create a collection (collection.meta.yaml) with its files, asking for what the answers leave open')
            break
        }
        'antidotectl;help;collection;create' {
            break
        }
        'antidotectl;help;image' {
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create an image (image.meta.yaml) with its files, asking for what the answers leave open')
            break
        }
        'antidotectl;help;image;create' {
            break
        }
        'antidotectl;help;import' {
            break
        }
        'antidotectl;help;serve' {
            break
        }
        'antidotectl;help;livelesson' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List every livelesson, newest first')
            [CompletionResult]::new('kill', 'kill', [CompletionResultType]::ParameterValue, 'Tear a livelesson down and delete it')
            break
        }
        'antidotectl;help;livelesson;list' {
            break
        }
        'antidotectl;help;livelesson;kill' {
            break
        }
        'antidotectl;help;session' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List every session, newest first')
            [CompletionResult]::new('persist', 'persist', [CompletionResultType]::ParameterValue, 'Keep a session and its livelessons however idle (gc skips it)')
            break
        }
        'antidotectl;help;session;list' {
            break
        }
        'antidotectl;help;session;persist' {
            break
        }
        'antidotectl;help;db' {
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Drop every Antidote table and create the schema anew (deletes all data)')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Show the schema version and the imported curriculum')
            break
        }
        'antidotectl;help;db;init' {
            break
        }
        'antidotectl;help;db;status' {
            break
        }
        'antidotectl;help;schema' {
            break
        }
        'antidotectl;help;completions' {
            break
        }
        'antidotectl;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
