
use builtin;
use str;

set edit:completion:arg-completer[antidotectl] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'antidotectl'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'antidotectl'= {
            cand -q 'Print only warnings, errors and machine output (no status lines or progress)'
            cand --quiet 'Print only warnings, errors and machine output (no status lines or progress)'
            cand -v 'Also say what each command is about to do'
            cand --verbose 'Also say what each command is about to do'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand validate 'Check a curriculum: schema, files, references; report every finding'
            cand curriculum 'Curricula: start a new one with the wizard'
            cand lesson 'Lessons: create one with the wizard, run or plan one, prove they can be solved'
            cand collection 'Collections: create one with the wizard'
            cand image 'Images: create one with the wizard'
            cand import 'Validate a curriculum and store it in place of the imported one'
            cand serve 'Run every Antidote service in one process (API, scheduler, gc) for one machine'
            cand livelesson 'List or kill running lessons (admin API)'
            cand session 'List sessions or keep one from expiring (admin API)'
            cand db 'Create or inspect the database'
            cand schema 'Print the JSON Schema of a resource file, for editors and other tools'
            cand completions 'Print shell completions (bash, zsh, fish, powershell, elvish)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'antidotectl;validate'= {
            cand --tier 'Check only lessons and collections at least as public as TIER (local: everything)'
            cand --format 'human (on stderr), or json, github or sarif (on stdout)'
            cand --deny-warnings 'Exit 1 on warnings too'
            cand --require-solutions 'Report objectives without a solution script (AD216), for CI that runs `lesson test`'
            cand -q 'Print only warnings, errors and machine output (no status lines or progress)'
            cand --quiet 'Print only warnings, errors and machine output (no status lines or progress)'
            cand -v 'Also say what each command is about to do'
            cand --verbose 'Also say what each command is about to do'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'antidotectl;curriculum'= {
            cand -q 'Print only warnings, errors and machine output (no status lines or progress)'
            cand --quiet 'Print only warnings, errors and machine output (no status lines or progress)'
            cand -v 'Also say what each command is about to do'
            cand --verbose 'Also say what each command is about to do'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand init 'Create a new curriculum (curriculum.meta.yaml) in DIR'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'antidotectl;curriculum;init'= {
            cand --answers 'Answers in a YAML file of the same shape as curriculum.meta.yaml'
            cand --set 'One answer; KEY is a dotted path, list items by index from 0 (e.g. endpoints.0.image=utility); repeatable, applied after --answers'
            cand --no-input 'Never prompt: fail listing every missing answer instead'
            cand --force 'Overwrite files that exist already'
            cand -q 'Print only warnings, errors and machine output (no status lines or progress)'
            cand --quiet 'Print only warnings, errors and machine output (no status lines or progress)'
            cand -v 'Also say what each command is about to do'
            cand --verbose 'Also say what each command is about to do'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'antidotectl;curriculum;help'= {
            cand init 'Create a new curriculum (curriculum.meta.yaml) in DIR'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'antidotectl;curriculum;help;init'= {
        }
        &'antidotectl;curriculum;help;help'= {
        }
        &'antidotectl;lesson'= {
            cand -q 'Print only warnings, errors and machine output (no status lines or progress)'
            cand --quiet 'Print only warnings, errors and machine output (no status lines or progress)'
            cand -v 'Also say what each command is about to do'
            cand --verbose 'Also say what each command is about to do'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand create 'Create a lesson (lesson.meta.yaml) with its files, asking for what the answers leave open'
            cand run 'Run a lesson on a container engine or a cluster, stage by stage, until Ctrl-C'
            cand plan 'Print every Kubernetes object of one livelesson of a lesson, without a cluster'
            cand test 'Prove lessons can be solved: objectives start incomplete and their solutions complete them'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'antidotectl;lesson;create'= {
            cand -C 'The curriculum''s root directory'
            cand --curriculum 'The curriculum''s root directory'
            cand --answers 'Answers in a YAML file of the same shape as lesson.meta.yaml'
            cand --set 'One answer; KEY is a dotted path, list items by index from 0 (e.g. endpoints.0.image=utility); repeatable, applied after --answers'
            cand --napalm-driver 'The NAPALM driver of a napalm-configured endpoint (junos, eos, iosxr, nxos, nxos_ssh, ios): names its configuration files; repeatable'
            cand --no-input 'Never prompt: fail listing every missing answer instead'
            cand --force 'Overwrite files that exist already'
            cand -q 'Print only warnings, errors and machine output (no status lines or progress)'
            cand --quiet 'Print only warnings, errors and machine output (no status lines or progress)'
            cand -v 'Also say what each command is about to do'
            cand --verbose 'Also say what each command is about to do'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'antidotectl;lesson;run'= {
            cand -C 'The curriculum directory'
            cand --curriculum 'The curriculum directory'
            cand --backend 'Where the lesson runs'
            cand --context 'The kubeconfig context (with --backend kubernetes; default: the current one)'
            cand --forward-from 'With --backend kubernetes: the first local port presentations are forwarded from'
            cand --stage 'The stage to start at'
            cand --timeout 'Tear the lesson down after this long (90s, 30m, 2h)'
            cand --config 'YAML configuration file (see docs/operations.md)'
            cand --instance-id 'Prefix of every bus subject, so that several instances can share one NATS. [env: ANTIDOTE_INSTANCE_ID] [default: antidote]'
            cand --docker-host 'The engine''s address (`unix:///run/podman/podman.sock`, `tcp://HOST:2375`); unset means `DOCKER_HOST`, else the default socket. [env: ANTIDOTE_DOCKER_HOST]'
            cand --docker-publish-address 'The address presentations are published on (and probed at). [env: ANTIDOTE_DOCKER_PUBLISH_ADDRESS] [default: 127.0.0.1]'
            cand --docker-publish-from 'The first host port presentations are published on, one after the other in lesson order (so an author''s `ssh -p` stays the same between runs); 0 lets the engine choose free ports. [env: ANTIDOTE_DOCKER_PUBLISH_FROM] [default: 0]'
            cand --docker-pull 'Pull images that are not on the engine (`false`: a missing image fails the lesson). [env: ANTIDOTE_DOCKER_PULL] [default: true]'
            cand --images-org 'The registry and organisation images are pulled from (`antidotelabs`, or `registry.example.com/lessons`). [env: ANTIDOTE_IMAGES_ORG] [default: antidotelabs]'
            cand --images-tag 'The tag of every image (the curriculum''s version). [env: ANTIDOTE_IMAGES_TAG] [default: latest]'
            cand --images-overrides 'Images named explicitly, as `SLUG=REFERENCE` (`utility=localhost/utility:dev`). [env: ANTIDOTE_IMAGES_OVERRIDES]'
            cand --images-configurator 'The image that runs stage configuration (python, ansible, napalm); unset means `{org}/configurator:{tag}`. [env: ANTIDOTE_IMAGES_CONFIGURATOR]'
            cand -q 'Print only warnings, errors and machine output (no status lines or progress)'
            cand --quiet 'Print only warnings, errors and machine output (no status lines or progress)'
            cand -v 'Also say what each command is about to do'
            cand --verbose 'Also say what each command is about to do'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'antidotectl;lesson;plan'= {
            cand -C 'The curriculum directory'
            cand --curriculum 'The curriculum directory'
            cand --stage 'The stage whose configuration Jobs are printed'
            cand --format 'YAML documents, or a JSON `List`'
            cand --id 'The livelesson id the objects are named and labelled after'
            cand --config 'YAML configuration file (see docs/operations.md)'
            cand --instance-id 'Prefix of every bus subject, so that several instances can share one NATS. [env: ANTIDOTE_INSTANCE_ID] [default: antidote]'
            cand --images-org 'The registry and organisation images are pulled from (`antidotelabs`, or `registry.example.com/lessons`). [env: ANTIDOTE_IMAGES_ORG] [default: antidotelabs]'
            cand --images-tag 'The tag of every image (the curriculum''s version). [env: ANTIDOTE_IMAGES_TAG] [default: latest]'
            cand --images-overrides 'Images named explicitly, as `SLUG=REFERENCE` (`utility=localhost/utility:dev`). [env: ANTIDOTE_IMAGES_OVERRIDES]'
            cand --images-configurator 'The image that runs stage configuration (python, ansible, napalm); unset means `{org}/configurator:{tag}`. [env: ANTIDOTE_IMAGES_CONFIGURATOR]'
            cand --kubernetes-context 'The kubeconfig context to use; unset means the current context of the kubeconfig (`KUBECONFIG` or `~/.kube/config`), else the service account of the pod the service runs in. [env: ANTIDOTE_KUBERNETES_CONTEXT]'
            cand --kubernetes-heps-domain 'The domain under which http presentations and jupyter guides get their ingress hosts (`{namespace}-{endpoint}-{presentation}.{heps_domain}`; the original''s `hepsDomain`). [env: ANTIDOTE_KUBERNETES_HEPS_DOMAIN] [default: localhost]'
            cand --kubernetes-secrets-namespace 'The namespace the TLS and pull secrets are copied from into each livelesson''s namespace (the original''s secrets namespace). [env: ANTIDOTE_KUBERNETES_SECRETS_NAMESPACE] [default: prod]'
            cand --kubernetes-tls-secret 'The TLS secret of the ingresses, copied from `secrets_namespace` (the original''s `tlsCertName`). [env: ANTIDOTE_KUBERNETES_TLS_SECRET] [default: tls-certificate]'
            cand --kubernetes-pull-secret 'An image pull secret copied from `secrets_namespace` and used by every pod; unset means none (the original''s `pullCredName`). [env: ANTIDOTE_KUBERNETES_PULL_SECRET]'
            cand --kubernetes-always-pull 'Pull every image on every start (`Always`) instead of when missing (`IfNotPresent`) (the original''s `alwaysPull`). [env: ANTIDOTE_KUBERNETES_ALWAYS_PULL] [default: false]'
            cand --kubernetes-allow-egress 'Let every lesson''s pods reach outside their namespace (the original''s `allowEgress`); a lesson can also ask for it (`allowEgress` in its meta file). `egress_blocked` stays blocked either way. [env: ANTIDOTE_KUBERNETES_ALLOW_EGRESS] [default: false]'
            cand --kubernetes-egress-blocked 'Networks lesson pods never reach, even with egress allowed (the cloud metadata addresses by default). [env: ANTIDOTE_KUBERNETES_EGRESS_BLOCKED]'
            cand --kubernetes-ingress-namespaces 'Namespaces whose pods may reach lesson pods (where the terminal proxy and the ingress controller run); pods of the livelesson''s own namespace always may. [env: ANTIDOTE_KUBERNETES_INGRESS_NAMESPACES]'
            cand --kubernetes-ingress-class 'The ingress class of http presentations and jupyter guides; unset means the cluster''s default class. [env: ANTIDOTE_KUBERNETES_INGRESS_CLASS]'
            cand --kubernetes-ingress-annotations 'Annotations of every ingress, as `KEY=VALUE` (e.g. what lets the page be framed with your ingress controller). [env: ANTIDOTE_KUBERNETES_INGRESS_ANNOTATIONS]'
            cand --kubernetes-untrusted-runtime-class 'The runtime class of `untrusted` images (`kata`, `gvisor`); unset means the cluster''s default runtime. [env: ANTIDOTE_KUBERNETES_UNTRUSTED_RUNTIME_CLASS]'
            cand --kubernetes-init-image 'The image of the init container that fetches the lesson''s files (it needs `sh`, `wget` and `tar`). [env: ANTIDOTE_KUBERNETES_INIT_IMAGE] [default: busybox:1.37]'
            cand --kubernetes-jupyter-image 'The image of jupyter guides; unset means `{images.org}/jupyter:{images.tag}`. [env: ANTIDOTE_KUBERNETES_JUPYTER_IMAGE]'
            cand --kubernetes-files-url 'The API''s address as lesson pods reach it (`http://antidote-api.antidote.svc:8086`): init containers fetch the lesson''s files from its internal endpoint. [env: ANTIDOTE_KUBERNETES_FILES_URL] [default: http://antidote-api.antidote.svc:8086]'
            cand --kubernetes-platform-namespace 'The namespace the platform''s services run in (the API, schedulers, checkers): its pods may reach lesson pods (the schedulers probe presentations), and lesson pods may reach its API pods (to fetch their files) even without egress. [env: ANTIDOTE_KUBERNETES_PLATFORM_NAMESPACE] [default: antidote]'
            cand --kubernetes-api-pod-labels 'The labels of the API''s pods, as `KEY=VALUE`: the only pods of `platform_namespace` that lesson pods may reach (not the database, not the bus). [env: ANTIDOTE_KUBERNETES_API_POD_LABELS]'
            cand --kubernetes-files-key 'The key that per-livelesson file tokens are derived from (at least 32 characters); the API and the schedulers must share it. Required by the Kubernetes backend; without it the API serves no lesson files. [env: ANTIDOTE_KUBERNETES_FILES_KEY] (prefer the variable: a flag shows in the process list)'
            cand --kubernetes-cpu-request 'The CPU each endpoint asks for (`100m`); unset means none. [env: ANTIDOTE_KUBERNETES_CPU_REQUEST]'
            cand --kubernetes-memory-request 'The memory each endpoint asks for (`256Mi`); unset means none. [env: ANTIDOTE_KUBERNETES_MEMORY_REQUEST]'
            cand --kubernetes-cpu-limit 'The most CPU an endpoint may use (`2`); unset means no limit. [env: ANTIDOTE_KUBERNETES_CPU_LIMIT]'
            cand --kubernetes-memory-limit 'The most memory an endpoint may use (`2Gi`); unset means no limit. [env: ANTIDOTE_KUBERNETES_MEMORY_LIMIT]'
            cand --kubernetes-configure-timeout-ms 'The longest one stage''s configuration Job may run, in milliseconds (its deadline). [env: ANTIDOTE_KUBERNETES_CONFIGURE_TIMEOUT_MS] [default: 300000]'
            cand --kubernetes-probe-timeout-ms 'The longest one readiness probe (an SSH handshake, a TCP connect) may take, in milliseconds. [env: ANTIDOTE_KUBERNETES_PROBE_TIMEOUT_MS] [default: 2000]'
            cand --kubernetes-delete-timeout-ms 'How long a teardown waits for the namespace to be gone, in milliseconds. [env: ANTIDOTE_KUBERNETES_DELETE_TIMEOUT_MS] [default: 120000]'
            cand -q 'Print only warnings, errors and machine output (no status lines or progress)'
            cand --quiet 'Print only warnings, errors and machine output (no status lines or progress)'
            cand -v 'Also say what each command is about to do'
            cand --verbose 'Also say what each command is about to do'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'antidotectl;lesson;test'= {
            cand -C 'The curriculum directory'
            cand --curriculum 'The curriculum directory'
            cand --backend 'Where the lesson runs'
            cand --context 'The kubeconfig context (with --backend kubernetes; default: the current one)'
            cand --forward-from 'With --backend kubernetes: the first local port presentations are forwarded from'
            cand --format 'human (on stderr), or json or junit (JUnit XML, on stdout)'
            cand -j 'Lessons tested at once'
            cand --jobs 'Lessons tested at once'
            cand --script-timeout 'The longest one check or solution may run'
            cand --config 'YAML configuration file (see docs/operations.md)'
            cand --instance-id 'Prefix of every bus subject, so that several instances can share one NATS. [env: ANTIDOTE_INSTANCE_ID] [default: antidote]'
            cand --docker-host 'The engine''s address (`unix:///run/podman/podman.sock`, `tcp://HOST:2375`); unset means `DOCKER_HOST`, else the default socket. [env: ANTIDOTE_DOCKER_HOST]'
            cand --docker-publish-address 'The address presentations are published on (and probed at). [env: ANTIDOTE_DOCKER_PUBLISH_ADDRESS] [default: 127.0.0.1]'
            cand --docker-publish-from 'The first host port presentations are published on, one after the other in lesson order (so an author''s `ssh -p` stays the same between runs); 0 lets the engine choose free ports. [env: ANTIDOTE_DOCKER_PUBLISH_FROM] [default: 0]'
            cand --docker-pull 'Pull images that are not on the engine (`false`: a missing image fails the lesson). [env: ANTIDOTE_DOCKER_PULL] [default: true]'
            cand --images-org 'The registry and organisation images are pulled from (`antidotelabs`, or `registry.example.com/lessons`). [env: ANTIDOTE_IMAGES_ORG] [default: antidotelabs]'
            cand --images-tag 'The tag of every image (the curriculum''s version). [env: ANTIDOTE_IMAGES_TAG] [default: latest]'
            cand --images-overrides 'Images named explicitly, as `SLUG=REFERENCE` (`utility=localhost/utility:dev`). [env: ANTIDOTE_IMAGES_OVERRIDES]'
            cand --images-configurator 'The image that runs stage configuration (python, ansible, napalm); unset means `{org}/configurator:{tag}`. [env: ANTIDOTE_IMAGES_CONFIGURATOR]'
            cand -q 'Print only warnings, errors and machine output (no status lines or progress)'
            cand --quiet 'Print only warnings, errors and machine output (no status lines or progress)'
            cand -v 'Also say what each command is about to do'
            cand --verbose 'Also say what each command is about to do'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'antidotectl;lesson;help'= {
            cand create 'Create a lesson (lesson.meta.yaml) with its files, asking for what the answers leave open'
            cand run 'Run a lesson on a container engine or a cluster, stage by stage, until Ctrl-C'
            cand plan 'Print every Kubernetes object of one livelesson of a lesson, without a cluster'
            cand test 'Prove lessons can be solved: objectives start incomplete and their solutions complete them'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'antidotectl;lesson;help;create'= {
        }
        &'antidotectl;lesson;help;run'= {
        }
        &'antidotectl;lesson;help;plan'= {
        }
        &'antidotectl;lesson;help;test'= {
        }
        &'antidotectl;lesson;help;help'= {
        }
        &'antidotectl;collection'= {
            cand -q 'Print only warnings, errors and machine output (no status lines or progress)'
            cand --quiet 'Print only warnings, errors and machine output (no status lines or progress)'
            cand -v 'Also say what each command is about to do'
            cand --verbose 'Also say what each command is about to do'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand create 'Create a collection (collection.meta.yaml) with its files, asking for what the answers leave open'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'antidotectl;collection;create'= {
            cand -C 'The curriculum''s root directory'
            cand --curriculum 'The curriculum''s root directory'
            cand --answers 'Answers in a YAML file of the same shape as collection.meta.yaml'
            cand --set 'One answer; KEY is a dotted path, list items by index from 0 (e.g. endpoints.0.image=utility); repeatable, applied after --answers'
            cand --no-input 'Never prompt: fail listing every missing answer instead'
            cand --force 'Overwrite files that exist already'
            cand -q 'Print only warnings, errors and machine output (no status lines or progress)'
            cand --quiet 'Print only warnings, errors and machine output (no status lines or progress)'
            cand -v 'Also say what each command is about to do'
            cand --verbose 'Also say what each command is about to do'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'antidotectl;collection;help'= {
            cand create 'Create a collection (collection.meta.yaml) with its files, asking for what the answers leave open'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'antidotectl;collection;help;create'= {
        }
        &'antidotectl;collection;help;help'= {
        }
        &'antidotectl;image'= {
            cand -q 'Print only warnings, errors and machine output (no status lines or progress)'
            cand --quiet 'Print only warnings, errors and machine output (no status lines or progress)'
            cand -v 'Also say what each command is about to do'
            cand --verbose 'Also say what each command is about to do'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand create 'Create an image (image.meta.yaml) with its files, asking for what the answers leave open'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'antidotectl;image;create'= {
            cand -C 'The curriculum''s root directory'
            cand --curriculum 'The curriculum''s root directory'
            cand --answers 'Answers in a YAML file of the same shape as image.meta.yaml'
            cand --set 'One answer; KEY is a dotted path, list items by index from 0 (e.g. endpoints.0.image=utility); repeatable, applied after --answers'
            cand --no-input 'Never prompt: fail listing every missing answer instead'
            cand --force 'Overwrite files that exist already'
            cand -q 'Print only warnings, errors and machine output (no status lines or progress)'
            cand --quiet 'Print only warnings, errors and machine output (no status lines or progress)'
            cand -v 'Also say what each command is about to do'
            cand --verbose 'Also say what each command is about to do'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'antidotectl;image;help'= {
            cand create 'Create an image (image.meta.yaml) with its files, asking for what the answers leave open'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'antidotectl;image;help;create'= {
        }
        &'antidotectl;image;help;help'= {
        }
        &'antidotectl;import'= {
            cand --ref 'Branch, tag or commit to import (git sources)'
            cand --tier 'Leave out lessons and collections less public than TIER (local: import everything)'
            cand --config 'YAML configuration file (see docs/operations.md)'
            cand --database-url '`sqlite://PATH` or `postgres://...`; unset means the embedded default SQLite file. [env: ANTIDOTE_DATABASE_URL]'
            cand --allow-shrink 'Import even if it removes every stored lesson, or more than import.max_removed_percent of them'
            cand -q 'Print only warnings, errors and machine output (no status lines or progress)'
            cand --quiet 'Print only warnings, errors and machine output (no status lines or progress)'
            cand -v 'Also say what each command is about to do'
            cand --verbose 'Also say what each command is about to do'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'antidotectl;serve'= {
            cand -C 'Import this curriculum (directory or git source) before serving'
            cand --curriculum 'Import this curriculum (directory or git source) before serving'
            cand --config 'YAML configuration file (see docs/operations.md)'
            cand --instance-id 'Prefix of every bus subject, so that several instances can share one NATS. [env: ANTIDOTE_INSTANCE_ID] [default: antidote]'
            cand --database-url '`sqlite://PATH` or `postgres://...`; unset means the embedded default SQLite file. [env: ANTIDOTE_DATABASE_URL]'
            cand --database-acquire-timeout-ms 'How long a query waits for a PostgreSQL connection before it fails, in milliseconds: while the database is unreachable, API requests are answered 503 (with `Retry-After`) within this time. [env: ANTIDOTE_DATABASE_ACQUIRE_TIMEOUT_MS] [default: 1000]'
            cand --nats-url '`nats://HOST:PORT`; unset means the in-process bus (one process only). [env: ANTIDOTE_NATS_URL]'
            cand --nats-user 'User name (with `password`). [env: ANTIDOTE_NATS_USER]'
            cand --nats-password 'Password (with `user`). [env: ANTIDOTE_NATS_PASSWORD] (prefer the variable: a flag shows in the process list)'
            cand --nats-token 'Token (instead of user and password). [env: ANTIDOTE_NATS_TOKEN] (prefer the variable: a flag shows in the process list)'
            cand --backend 'Which backend provisions livelessons. [env: ANTIDOTE_BACKEND] [default: preview]'
            cand --tier 'The most private tier served (the API shows resources at least this public). [env: ANTIDOTE_TIER] [default: local]'
            cand --listen 'Address to listen on. [env: ANTIDOTE_LISTEN] [default: 127.0.0.1:8086]'
            cand --admin-token 'Bearer token for `/api/v1/admin/...` (at least 16 characters); unset disables the admin API. [env: ANTIDOTE_ADMIN_TOKEN] (prefer the variable: a flag shows in the process list)'
            cand --api-trusted-proxies 'Peers whose `X-Forwarded-For` header is believed: addresses (`10.0.0.1`) or networks (`10.0.0.0/8`, `fd00::/8`). [env: ANTIDOTE_API_TRUSTED_PROXIES]'
            cand --api-cors-origins 'Origins allowed by CORS (`*` for any); empty allows none. [env: ANTIDOTE_API_CORS_ORIGINS]'
            cand --api-max-body-bytes 'Largest request body accepted, in bytes. [env: ANTIDOTE_API_MAX_BODY_BYTES] [default: 16384]'
            cand --api-sessions-per-ip-per-hour 'Sessions one source address may create per hour (0: no limit). [env: ANTIDOTE_API_SESSIONS_PER_IP_PER_HOUR] [default: 100]'
            cand --api-livelessons-per-session 'Livelessons one session may hold at once (0: no limit). [env: ANTIDOTE_API_LIVELESSONS_PER_SESSION] [default: 3]'
            cand --api-request-timeout-ms 'How long to wait for a scheduler to acknowledge a request, in milliseconds. [env: ANTIDOTE_API_REQUEST_TIMEOUT_MS] [default: 3000]'
            cand --api-curriculum-refresh-ms 'How often to check for a newly imported curriculum, in milliseconds. [env: ANTIDOTE_API_CURRICULUM_REFRESH_MS] [default: 1000]'
            cand --api-header-read-timeout-ms 'How long a client may take to send a request''s line and headers, in milliseconds, counted from when its connection is ready for them (accepted, or the previous answer sent): a slow client, or one idle between requests, is disconnected then. [env: ANTIDOTE_API_HEADER_READ_TIMEOUT_MS] [default: 10000]'
            cand --api-idle-timeout-ms 'How long a connection may stay silent (no byte in either direction), in milliseconds, before it is closed, whatever it is doing (a stalled body, an unread answer). [env: ANTIDOTE_API_IDLE_TIMEOUT_MS] [default: 60000]'
            cand --api-max-connections 'Connections open at once, in all; kept below the process''s open-file limit (less 128 for the database, the bus and files). A connection beyond it is closed at once. [env: ANTIDOTE_API_MAX_CONNECTIONS] [default: 4096]'
            cand --api-max-connections-per-address 'Connections open at once from one source address (a trusted proxy''s connections carry many clients and count only towards `max_connections`). Beyond it, closed at once. [env: ANTIDOTE_API_MAX_CONNECTIONS_PER_ADDRESS] [default: 256]'
            cand --scheduler-lease-ms 'How long a replica''s hold on a livelesson it works on lasts, in milliseconds. It is renewed every third of that while the replica lives, so a dead replica''s livelessons are resumed by another within this time (plus `sweep_interval_ms`). [env: ANTIDOTE_SCHEDULER_LEASE_MS] [default: 10000]'
            cand --scheduler-concurrency 'How many livelessons one replica works on at once. [env: ANTIDOTE_SCHEDULER_CONCURRENCY] [default: 64]'
            cand --scheduler-endpoint-retries 'How many times endpoints that do not come up are retried before the livelesson FAILS. [env: ANTIDOTE_SCHEDULER_ENDPOINT_RETRIES] [default: 2]'
            cand --scheduler-endpoint-timeout-ms 'How long to wait for every endpoint to come up, per attempt, in milliseconds. [env: ANTIDOTE_SCHEDULER_ENDPOINT_TIMEOUT_MS] [default: 300000]'
            cand --scheduler-call-timeout-ms 'The longest one backend call may take, in milliseconds (a hung call then counts as a retryable failure instead of holding the livelesson forever). [env: ANTIDOTE_SCHEDULER_CALL_TIMEOUT_MS] [default: 600000]'
            cand --scheduler-sweep-interval-ms 'How often to look for livelessons whose owner died (or that nobody took), in milliseconds. [env: ANTIDOTE_SCHEDULER_SWEEP_INTERVAL_MS] [default: 2000]'
            cand --scheduler-orphan-sweep-interval-ms 'How often to tear down what the backend has of livelessons that have no row (orphans), in milliseconds. [env: ANTIDOTE_SCHEDULER_ORPHAN_SWEEP_INTERVAL_MS] [default: 60000]'
            cand --preview-delay-ms 'A pretend provisioning time per livelesson, in milliseconds (demos, front-end work and tests of the scheduler); 0 by default. [env: ANTIDOTE_PREVIEW_DELAY_MS] [default: 0]'
            cand --preview-record 'A file to which every create, configure and teardown is appended as a JSON line, with the process that did it (an audit of who provisioned what); unset by default. [env: ANTIDOTE_PREVIEW_RECORD]'
            cand --images-org 'The registry and organisation images are pulled from (`antidotelabs`, or `registry.example.com/lessons`). [env: ANTIDOTE_IMAGES_ORG] [default: antidotelabs]'
            cand --images-tag 'The tag of every image (the curriculum''s version). [env: ANTIDOTE_IMAGES_TAG] [default: latest]'
            cand --images-overrides 'Images named explicitly, as `SLUG=REFERENCE` (`utility=localhost/utility:dev`). [env: ANTIDOTE_IMAGES_OVERRIDES]'
            cand --images-configurator 'The image that runs stage configuration (python, ansible, napalm); unset means `{org}/configurator:{tag}`. [env: ANTIDOTE_IMAGES_CONFIGURATOR]'
            cand --docker-host 'The engine''s address (`unix:///run/podman/podman.sock`, `tcp://HOST:2375`); unset means `DOCKER_HOST`, else the default socket. [env: ANTIDOTE_DOCKER_HOST]'
            cand --docker-publish-address 'The address presentations are published on (and probed at). [env: ANTIDOTE_DOCKER_PUBLISH_ADDRESS] [default: 127.0.0.1]'
            cand --docker-publish-from 'The first host port presentations are published on, one after the other in lesson order (so an author''s `ssh -p` stays the same between runs); 0 lets the engine choose free ports. [env: ANTIDOTE_DOCKER_PUBLISH_FROM] [default: 0]'
            cand --docker-untrusted-runtime 'The container runtime of `untrusted` images (`runsc`, `kata`); unset means the engine''s default. [env: ANTIDOTE_DOCKER_UNTRUSTED_RUNTIME]'
            cand --docker-pull 'Pull images that are not on the engine (`false`: a missing image fails the lesson). [env: ANTIDOTE_DOCKER_PULL] [default: true]'
            cand --docker-configure-timeout-ms 'The longest one stage''s configuration may run, in milliseconds. [env: ANTIDOTE_DOCKER_CONFIGURE_TIMEOUT_MS] [default: 300000]'
            cand --docker-probe-timeout-ms 'The longest one readiness probe (an SSH handshake, a TCP connect) may take, in milliseconds. [env: ANTIDOTE_DOCKER_PROBE_TIMEOUT_MS] [default: 2000]'
            cand --kubernetes-context 'The kubeconfig context to use; unset means the current context of the kubeconfig (`KUBECONFIG` or `~/.kube/config`), else the service account of the pod the service runs in. [env: ANTIDOTE_KUBERNETES_CONTEXT]'
            cand --kubernetes-heps-domain 'The domain under which http presentations and jupyter guides get their ingress hosts (`{namespace}-{endpoint}-{presentation}.{heps_domain}`; the original''s `hepsDomain`). [env: ANTIDOTE_KUBERNETES_HEPS_DOMAIN] [default: localhost]'
            cand --kubernetes-secrets-namespace 'The namespace the TLS and pull secrets are copied from into each livelesson''s namespace (the original''s secrets namespace). [env: ANTIDOTE_KUBERNETES_SECRETS_NAMESPACE] [default: prod]'
            cand --kubernetes-tls-secret 'The TLS secret of the ingresses, copied from `secrets_namespace` (the original''s `tlsCertName`). [env: ANTIDOTE_KUBERNETES_TLS_SECRET] [default: tls-certificate]'
            cand --kubernetes-pull-secret 'An image pull secret copied from `secrets_namespace` and used by every pod; unset means none (the original''s `pullCredName`). [env: ANTIDOTE_KUBERNETES_PULL_SECRET]'
            cand --kubernetes-always-pull 'Pull every image on every start (`Always`) instead of when missing (`IfNotPresent`) (the original''s `alwaysPull`). [env: ANTIDOTE_KUBERNETES_ALWAYS_PULL] [default: false]'
            cand --kubernetes-allow-egress 'Let every lesson''s pods reach outside their namespace (the original''s `allowEgress`); a lesson can also ask for it (`allowEgress` in its meta file). `egress_blocked` stays blocked either way. [env: ANTIDOTE_KUBERNETES_ALLOW_EGRESS] [default: false]'
            cand --kubernetes-egress-blocked 'Networks lesson pods never reach, even with egress allowed (the cloud metadata addresses by default). [env: ANTIDOTE_KUBERNETES_EGRESS_BLOCKED]'
            cand --kubernetes-ingress-namespaces 'Namespaces whose pods may reach lesson pods (where the terminal proxy and the ingress controller run); pods of the livelesson''s own namespace always may. [env: ANTIDOTE_KUBERNETES_INGRESS_NAMESPACES]'
            cand --kubernetes-ingress-class 'The ingress class of http presentations and jupyter guides; unset means the cluster''s default class. [env: ANTIDOTE_KUBERNETES_INGRESS_CLASS]'
            cand --kubernetes-ingress-annotations 'Annotations of every ingress, as `KEY=VALUE` (e.g. what lets the page be framed with your ingress controller). [env: ANTIDOTE_KUBERNETES_INGRESS_ANNOTATIONS]'
            cand --kubernetes-untrusted-runtime-class 'The runtime class of `untrusted` images (`kata`, `gvisor`); unset means the cluster''s default runtime. [env: ANTIDOTE_KUBERNETES_UNTRUSTED_RUNTIME_CLASS]'
            cand --kubernetes-init-image 'The image of the init container that fetches the lesson''s files (it needs `sh`, `wget` and `tar`). [env: ANTIDOTE_KUBERNETES_INIT_IMAGE] [default: busybox:1.37]'
            cand --kubernetes-jupyter-image 'The image of jupyter guides; unset means `{images.org}/jupyter:{images.tag}`. [env: ANTIDOTE_KUBERNETES_JUPYTER_IMAGE]'
            cand --kubernetes-files-url 'The API''s address as lesson pods reach it (`http://antidote-api.antidote.svc:8086`): init containers fetch the lesson''s files from its internal endpoint. [env: ANTIDOTE_KUBERNETES_FILES_URL] [default: http://antidote-api.antidote.svc:8086]'
            cand --kubernetes-platform-namespace 'The namespace the platform''s services run in (the API, schedulers, checkers): its pods may reach lesson pods (the schedulers probe presentations), and lesson pods may reach its API pods (to fetch their files) even without egress. [env: ANTIDOTE_KUBERNETES_PLATFORM_NAMESPACE] [default: antidote]'
            cand --kubernetes-api-pod-labels 'The labels of the API''s pods, as `KEY=VALUE`: the only pods of `platform_namespace` that lesson pods may reach (not the database, not the bus). [env: ANTIDOTE_KUBERNETES_API_POD_LABELS]'
            cand --kubernetes-files-key 'The key that per-livelesson file tokens are derived from (at least 32 characters); the API and the schedulers must share it. Required by the Kubernetes backend; without it the API serves no lesson files. [env: ANTIDOTE_KUBERNETES_FILES_KEY] (prefer the variable: a flag shows in the process list)'
            cand --kubernetes-cpu-request 'The CPU each endpoint asks for (`100m`); unset means none. [env: ANTIDOTE_KUBERNETES_CPU_REQUEST]'
            cand --kubernetes-memory-request 'The memory each endpoint asks for (`256Mi`); unset means none. [env: ANTIDOTE_KUBERNETES_MEMORY_REQUEST]'
            cand --kubernetes-cpu-limit 'The most CPU an endpoint may use (`2`); unset means no limit. [env: ANTIDOTE_KUBERNETES_CPU_LIMIT]'
            cand --kubernetes-memory-limit 'The most memory an endpoint may use (`2Gi`); unset means no limit. [env: ANTIDOTE_KUBERNETES_MEMORY_LIMIT]'
            cand --kubernetes-configure-timeout-ms 'The longest one stage''s configuration Job may run, in milliseconds (its deadline). [env: ANTIDOTE_KUBERNETES_CONFIGURE_TIMEOUT_MS] [default: 300000]'
            cand --kubernetes-probe-timeout-ms 'The longest one readiness probe (an SSH handshake, a TCP connect) may take, in milliseconds. [env: ANTIDOTE_KUBERNETES_PROBE_TIMEOUT_MS] [default: 2000]'
            cand --kubernetes-delete-timeout-ms 'How long a teardown waits for the namespace to be gone, in milliseconds. [env: ANTIDOTE_KUBERNETES_DELETE_TIMEOUT_MS] [default: 120000]'
            cand --checker-interval-ms 'How often an objective that is not complete is checked at first, in milliseconds. [env: ANTIDOTE_CHECKER_INTERVAL_MS] [default: 500]'
            cand --checker-max-interval-ms 'The longest wait between two checks of a livelesson, in milliseconds (the interval doubles, up to this, while nothing changes). [env: ANTIDOTE_CHECKER_MAX_INTERVAL_MS] [default: 2000]'
            cand --checker-lease-ms 'How long a replica''s hold on a livelesson''s checks lasts, in milliseconds (renewed every third of it while the replica lives). [env: ANTIDOTE_CHECKER_LEASE_MS] [default: 10000]'
            cand --checker-concurrency 'How many livelessons one replica checks at once (each is held until its stage is done, so beyond this many active livelessons run more replicas). [env: ANTIDOTE_CHECKER_CONCURRENCY] [default: 1000]'
            cand --checker-script-timeout-ms 'The longest one check may run, in milliseconds (then it is an error). [env: ANTIDOTE_CHECKER_SCRIPT_TIMEOUT_MS] [default: 30000]'
            cand --gc-interval-ms 'How often to look for idle livelessons and sessions, in milliseconds. [env: ANTIDOTE_GC_INTERVAL_MS] [default: 30000]'
            cand --gc-livelesson-ttl-ms 'A livelesson idle this long (milliseconds) is deleted, unless its session is persistent. [env: ANTIDOTE_GC_LIVELESSON_TTL_MS] [default: 1800000]'
            cand --gc-session-ttl-ms 'A session idle this long (milliseconds) with no livelessons is deleted, unless it is persistent. [env: ANTIDOTE_GC_SESSION_TTL_MS] [default: 86400000]'
            cand --gc-batch 'Most livelessons (and sessions) handled per round and replica. [env: ANTIDOTE_GC_BATCH] [default: 100]'
            cand --import-max-removed-percent 'The largest share of the stored lessons, in percent, that an import may remove without `--allow-shrink` (an import that removes every lesson always needs it). [env: ANTIDOTE_IMPORT_MAX_REMOVED_PERCENT] [default: 50]'
            cand --limits-meta-file-bytes 'The largest meta file (`*.meta.yaml`), in bytes, as written and as JSON once YAML aliases are expanded. [env: ANTIDOTE_LIMITS_META_FILE_BYTES] [default: 1048576]'
            cand --limits-guide-bytes 'The largest markdown guide (any `.md` file of a lesson), in bytes. [env: ANTIDOTE_LIMITS_GUIDE_BYTES] [default: 4194304]'
            cand --limits-notebook-bytes 'The largest Jupyter notebook (any `.ipynb` file of a lesson), in bytes. [env: ANTIDOTE_LIMITS_NOTEBOOK_BYTES] [default: 8388608]'
            cand --limits-file-bytes 'The largest file of a lesson (configurations, scripts, pictures, ...), in bytes. [env: ANTIDOTE_LIMITS_FILE_BYTES] [default: 33554432]'
            cand --limits-lesson-bytes 'The largest lesson: every file under its directory together, in bytes. [env: ANTIDOTE_LIMITS_LESSON_BYTES] [default: 67108864]'
            cand --metrics-listen 'Address of a listener serving the process''s Prometheus metrics on `/metrics` (`127.0.0.1:9186`), for services without an HTTP port of their own; unset means none (the API serves `/metrics` on its own address either way). [env: ANTIDOTE_METRICS_LISTEN]'
            cand --log-format 'How log lines are written: `text` for people, `json` for collectors. [env: ANTIDOTE_LOG_FORMAT] [default: text]'
            cand --otlp-endpoint 'Where traces are exported over OTLP (`http://collector:4318`); unset means `OTEL_EXPORTER_OTLP_ENDPOINT`, and without either nothing is exported. `OTEL_EXPORTER_OTLP_PROTOCOL` (`grpc`, `http/protobuf`) and `OTEL_SERVICE_NAME` are honoured. [env: ANTIDOTE_OTLP_ENDPOINT]'
            cand --trace-sampling-ratio 'The share of traces started here that are recorded and exported (0 to 1); a trace continued from a caller follows the caller''s choice. [env: ANTIDOTE_TRACE_SAMPLING_RATIO] [default: 1.0]'
            cand --stats-refresh-ms 'How often the platform-wide view (livelessons by lesson, stage and status; sessions) is read from the database, in milliseconds. [env: ANTIDOTE_STATS_REFRESH_MS] [default: 5000]'
            cand --stats-influx-url 'An InfluxDB write URL that line protocol is pushed to (`http://influxdb:8086/write?db=antidote`); unset means none. [env: ANTIDOTE_STATS_INFLUX_URL]'
            cand --stats-influx-interval-ms 'How often line protocol is pushed, in milliseconds. [env: ANTIDOTE_STATS_INFLUX_INTERVAL_MS] [default: 10000]'
            cand --allow-shrink 'Import even if the curriculum removes every stored lesson, or more than import.max_removed_percent of them'
            cand -q 'Print only warnings, errors and machine output (no status lines or progress)'
            cand --quiet 'Print only warnings, errors and machine output (no status lines or progress)'
            cand -v 'Also say what each command is about to do'
            cand --verbose 'Also say what each command is about to do'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'antidotectl;livelesson'= {
            cand --server 'The Antidote API'
            cand --token 'The admin bearer token'
            cand --format 'human (a table on stdout) or json'
            cand -q 'Print only warnings, errors and machine output (no status lines or progress)'
            cand --quiet 'Print only warnings, errors and machine output (no status lines or progress)'
            cand -v 'Also say what each command is about to do'
            cand --verbose 'Also say what each command is about to do'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand list 'List every livelesson, newest first'
            cand kill 'Tear a livelesson down and delete it'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'antidotectl;livelesson;list'= {
            cand --server 'The Antidote API'
            cand --token 'The admin bearer token'
            cand --format 'human (a table on stdout) or json'
            cand -q 'Print only warnings, errors and machine output (no status lines or progress)'
            cand --quiet 'Print only warnings, errors and machine output (no status lines or progress)'
            cand -v 'Also say what each command is about to do'
            cand --verbose 'Also say what each command is about to do'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'antidotectl;livelesson;kill'= {
            cand --server 'The Antidote API'
            cand --token 'The admin bearer token'
            cand --format 'human (a table on stdout) or json'
            cand -q 'Print only warnings, errors and machine output (no status lines or progress)'
            cand --quiet 'Print only warnings, errors and machine output (no status lines or progress)'
            cand -v 'Also say what each command is about to do'
            cand --verbose 'Also say what each command is about to do'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'antidotectl;livelesson;help'= {
            cand list 'List every livelesson, newest first'
            cand kill 'Tear a livelesson down and delete it'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'antidotectl;livelesson;help;list'= {
        }
        &'antidotectl;livelesson;help;kill'= {
        }
        &'antidotectl;livelesson;help;help'= {
        }
        &'antidotectl;session'= {
            cand --server 'The Antidote API'
            cand --token 'The admin bearer token'
            cand --format 'human (a table on stdout) or json'
            cand -q 'Print only warnings, errors and machine output (no status lines or progress)'
            cand --quiet 'Print only warnings, errors and machine output (no status lines or progress)'
            cand -v 'Also say what each command is about to do'
            cand --verbose 'Also say what each command is about to do'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand list 'List every session, newest first'
            cand persist 'Keep a session and its livelessons however idle (gc skips it)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'antidotectl;session;list'= {
            cand --server 'The Antidote API'
            cand --token 'The admin bearer token'
            cand --format 'human (a table on stdout) or json'
            cand -q 'Print only warnings, errors and machine output (no status lines or progress)'
            cand --quiet 'Print only warnings, errors and machine output (no status lines or progress)'
            cand -v 'Also say what each command is about to do'
            cand --verbose 'Also say what each command is about to do'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'antidotectl;session;persist'= {
            cand --server 'The Antidote API'
            cand --token 'The admin bearer token'
            cand --format 'human (a table on stdout) or json'
            cand --off 'Let gc expire it again'
            cand -q 'Print only warnings, errors and machine output (no status lines or progress)'
            cand --quiet 'Print only warnings, errors and machine output (no status lines or progress)'
            cand -v 'Also say what each command is about to do'
            cand --verbose 'Also say what each command is about to do'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'antidotectl;session;help'= {
            cand list 'List every session, newest first'
            cand persist 'Keep a session and its livelessons however idle (gc skips it)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'antidotectl;session;help;list'= {
        }
        &'antidotectl;session;help;persist'= {
        }
        &'antidotectl;session;help;help'= {
        }
        &'antidotectl;db'= {
            cand --config 'YAML configuration file (see docs/operations.md)'
            cand --database-url '`sqlite://PATH` or `postgres://...`; unset means the embedded default SQLite file. [env: ANTIDOTE_DATABASE_URL]'
            cand -q 'Print only warnings, errors and machine output (no status lines or progress)'
            cand --quiet 'Print only warnings, errors and machine output (no status lines or progress)'
            cand -v 'Also say what each command is about to do'
            cand --verbose 'Also say what each command is about to do'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand init 'Drop every Antidote table and create the schema anew (deletes all data)'
            cand status 'Show the schema version and the imported curriculum'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'antidotectl;db;init'= {
            cand --config 'YAML configuration file (see docs/operations.md)'
            cand --database-url '`sqlite://PATH` or `postgres://...`; unset means the embedded default SQLite file. [env: ANTIDOTE_DATABASE_URL]'
            cand -y 'Do not ask for confirmation'
            cand --yes 'Do not ask for confirmation'
            cand -q 'Print only warnings, errors and machine output (no status lines or progress)'
            cand --quiet 'Print only warnings, errors and machine output (no status lines or progress)'
            cand -v 'Also say what each command is about to do'
            cand --verbose 'Also say what each command is about to do'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'antidotectl;db;status'= {
            cand --format 'human (on stderr) or json (on stdout)'
            cand --config 'YAML configuration file (see docs/operations.md)'
            cand --database-url '`sqlite://PATH` or `postgres://...`; unset means the embedded default SQLite file. [env: ANTIDOTE_DATABASE_URL]'
            cand -q 'Print only warnings, errors and machine output (no status lines or progress)'
            cand --quiet 'Print only warnings, errors and machine output (no status lines or progress)'
            cand -v 'Also say what each command is about to do'
            cand --verbose 'Also say what each command is about to do'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'antidotectl;db;help'= {
            cand init 'Drop every Antidote table and create the schema anew (deletes all data)'
            cand status 'Show the schema version and the imported curriculum'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'antidotectl;db;help;init'= {
        }
        &'antidotectl;db;help;status'= {
        }
        &'antidotectl;db;help;help'= {
        }
        &'antidotectl;schema'= {
            cand -q 'Print only warnings, errors and machine output (no status lines or progress)'
            cand --quiet 'Print only warnings, errors and machine output (no status lines or progress)'
            cand -v 'Also say what each command is about to do'
            cand --verbose 'Also say what each command is about to do'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'antidotectl;completions'= {
            cand -q 'Print only warnings, errors and machine output (no status lines or progress)'
            cand --quiet 'Print only warnings, errors and machine output (no status lines or progress)'
            cand -v 'Also say what each command is about to do'
            cand --verbose 'Also say what each command is about to do'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'antidotectl;help'= {
            cand validate 'Check a curriculum: schema, files, references; report every finding'
            cand curriculum 'Curricula: start a new one with the wizard'
            cand lesson 'Lessons: create one with the wizard, run or plan one, prove they can be solved'
            cand collection 'Collections: create one with the wizard'
            cand image 'Images: create one with the wizard'
            cand import 'Validate a curriculum and store it in place of the imported one'
            cand serve 'Run every Antidote service in one process (API, scheduler, gc) for one machine'
            cand livelesson 'List or kill running lessons (admin API)'
            cand session 'List sessions or keep one from expiring (admin API)'
            cand db 'Create or inspect the database'
            cand schema 'Print the JSON Schema of a resource file, for editors and other tools'
            cand completions 'Print shell completions (bash, zsh, fish, powershell, elvish)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'antidotectl;help;validate'= {
        }
        &'antidotectl;help;curriculum'= {
            cand init 'Create a new curriculum (curriculum.meta.yaml) in DIR'
        }
        &'antidotectl;help;curriculum;init'= {
        }
        &'antidotectl;help;lesson'= {
            cand create 'Create a lesson (lesson.meta.yaml) with its files, asking for what the answers leave open'
            cand run 'Run a lesson on a container engine or a cluster, stage by stage, until Ctrl-C'
            cand plan 'Print every Kubernetes object of one livelesson of a lesson, without a cluster'
            cand test 'Prove lessons can be solved: objectives start incomplete and their solutions complete them'
        }
        &'antidotectl;help;lesson;create'= {
        }
        &'antidotectl;help;lesson;run'= {
        }
        &'antidotectl;help;lesson;plan'= {
        }
        &'antidotectl;help;lesson;test'= {
        }
        &'antidotectl;help;collection'= {
            cand create 'Create a collection (collection.meta.yaml) with its files, asking for what the answers leave open'
        }
        &'antidotectl;help;collection;create'= {
        }
        &'antidotectl;help;image'= {
            cand create 'Create an image (image.meta.yaml) with its files, asking for what the answers leave open'
        }
        &'antidotectl;help;image;create'= {
        }
        &'antidotectl;help;import'= {
        }
        &'antidotectl;help;serve'= {
        }
        &'antidotectl;help;livelesson'= {
            cand list 'List every livelesson, newest first'
            cand kill 'Tear a livelesson down and delete it'
        }
        &'antidotectl;help;livelesson;list'= {
        }
        &'antidotectl;help;livelesson;kill'= {
        }
        &'antidotectl;help;session'= {
            cand list 'List every session, newest first'
            cand persist 'Keep a session and its livelessons however idle (gc skips it)'
        }
        &'antidotectl;help;session;list'= {
        }
        &'antidotectl;help;session;persist'= {
        }
        &'antidotectl;help;db'= {
            cand init 'Drop every Antidote table and create the schema anew (deletes all data)'
            cand status 'Show the schema version and the imported curriculum'
        }
        &'antidotectl;help;db;init'= {
        }
        &'antidotectl;help;db;status'= {
        }
        &'antidotectl;help;schema'= {
        }
        &'antidotectl;help;completions'= {
        }
        &'antidotectl;help;help'= {
        }
    ]
    $completions[$command]
}
