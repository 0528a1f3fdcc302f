# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_antidotectl_global_optspecs
    string join \n q/quiet v/verbose h/help V/version
end

function __fish_antidotectl_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_antidotectl_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_antidotectl_using_subcommand
    set -l cmd (__fish_antidotectl_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c antidotectl -n "__fish_antidotectl_needs_command" -s q -l quiet -d 'Print only warnings, errors and machine output (no status lines or progress)'
complete -c antidotectl -n "__fish_antidotectl_needs_command" -s v -l verbose -d 'Also say what each command is about to do'
complete -c antidotectl -n "__fish_antidotectl_needs_command" -s h -l help -d 'Print help'
complete -c antidotectl -n "__fish_antidotectl_needs_command" -s V -l version -d 'Print version'
complete -c antidotectl -n "__fish_antidotectl_needs_command" -f -a "validate" -d 'Check a curriculum: schema, files, references; report every finding'
complete -c antidotectl -n "__fish_antidotectl_needs_command" -f -a "curriculum" -d 'Curricula: start a new one with the wizard'
complete -c antidotectl -n "__fish_antidotectl_needs_command" -f -a "lesson" -d 'Lessons: create one with the wizard, run or plan one, prove they can be solved'
complete -c antidotectl -n "__fish_antidotectl_needs_command" -f -a "collection" -d 'Collections: create one with the wizard'
complete -c antidotectl -n "__fish_antidotectl_needs_command" -f -a "image" -d 'Images: create one with the wizard'
complete -c antidotectl -n "__fish_antidotectl_needs_command" -f -a "import" -d 'Validate a curriculum and store it in place of the imported one'
complete -c antidotectl -n "__fish_antidotectl_needs_command" -f -a "serve" -d 'Run every Antidote service in one process (API, scheduler, gc) for one machine'
complete -c antidotectl -n "__fish_antidotectl_needs_command" -f -a "livelesson" -d 'List or kill running lessons (admin API)'
complete -c antidotectl -n "__fish_antidotectl_needs_command" -f -a "session" -d 'List sessions or keep one from expiring (admin API)'
complete -c antidotectl -n "__fish_antidotectl_needs_command" -f -a "db" -d 'Create or inspect the database'
complete -c antidotectl -n "__fish_antidotectl_needs_command" -f -a "schema" -d 'Print the JSON Schema of a resource file, for editors and other tools'
complete -c antidotectl -n "__fish_antidotectl_needs_command" -f -a "completions" -d 'Print shell completions (bash, zsh, fish, powershell, elvish)'
complete -c antidotectl -n "__fish_antidotectl_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand validate" -l tier -d 'Check only lessons and collections at least as public as TIER (local: everything)' -r -f -a "prod\t''
ptr\t''
local\t''"
complete -c antidotectl -n "__fish_antidotectl_using_subcommand validate" -l format -d 'human (on stderr), or json, github or sarif (on stdout)' -r -f -a "human\t''
json\t''
github\t''
sarif\t''"
complete -c antidotectl -n "__fish_antidotectl_using_subcommand validate" -l deny-warnings -d 'Exit 1 on warnings too'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand validate" -l require-solutions -d 'Report objectives without a solution script (AD216), for CI that runs `lesson test`'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand validate" -s q -l quiet -d 'Print only warnings, errors and machine output (no status lines or progress)'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand validate" -s v -l verbose -d 'Also say what each command is about to do'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand validate" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand validate" -s V -l version -d 'Print version'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand curriculum; and not __fish_seen_subcommand_from init help" -s q -l quiet -d 'Print only warnings, errors and machine output (no status lines or progress)'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand curriculum; and not __fish_seen_subcommand_from init help" -s v -l verbose -d 'Also say what each command is about to do'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand curriculum; and not __fish_seen_subcommand_from init help" -s h -l help -d 'Print help'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand curriculum; and not __fish_seen_subcommand_from init help" -s V -l version -d 'Print version'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand curriculum; and not __fish_seen_subcommand_from init help" -f -a "init" -d 'Create a new curriculum (curriculum.meta.yaml) in DIR'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand curriculum; and not __fish_seen_subcommand_from init help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand curriculum; and __fish_seen_subcommand_from init" -l answers -d 'Answers in a YAML file of the same shape as curriculum.meta.yaml' -r -F
complete -c antidotectl -n "__fish_antidotectl_using_subcommand curriculum; and __fish_seen_subcommand_from init" -l set -d 'One answer; KEY is a dotted path, list items by index from 0 (e.g. endpoints.0.image=utility); repeatable, applied after --answers' -r
complete -c antidotectl -n "__fish_antidotectl_using_subcommand curriculum; and __fish_seen_subcommand_from init" -l no-input -d 'Never prompt: fail listing every missing answer instead'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand curriculum; and __fish_seen_subcommand_from init" -l force -d 'Overwrite files that exist already'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand curriculum; and __fish_seen_subcommand_from init" -s q -l quiet -d 'Print only warnings, errors and machine output (no status lines or progress)'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand curriculum; and __fish_seen_subcommand_from init" -s v -l verbose -d 'Also say what each command is about to do'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand curriculum; and __fish_seen_subcommand_from init" -s h -l help -d 'Print help'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand curriculum; and __fish_seen_subcommand_from init" -s V -l version -d 'Print version'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand curriculum; and __fish_seen_subcommand_from help" -f -a "init" -d 'Create a new curriculum (curriculum.meta.yaml) in DIR'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand curriculum; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand lesson; and not __fish_seen_subcommand_from create run plan test help" -s q -l quiet -d 'Print only warnings, errors and machine output (no status lines or progress)'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand lesson; and not __fish_seen_subcommand_from create run plan test help" -s v -l verbose -d 'Also say what each command is about to do'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand lesson; and not __fish_seen_subcommand_from create run plan test help" -s h -l help -d 'Print help'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand lesson; and not __fish_seen_subcommand_from create run plan test help" -s V -l version -d 'Print version'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand lesson; and not __fish_seen_subcommand_from create run plan test help" -f -a "create" -d 'Create a lesson (lesson.meta.yaml) with its files, asking for what the answers leave open'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand lesson; and not __fish_seen_subcommand_from create run plan test help" -f -a "run" -d 'Run a lesson on a container engine or a cluster, stage by stage, until Ctrl-C'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand lesson; and not __fish_seen_subcommand_from create run plan test help" -f -a "plan" -d 'Print every Kubernetes object of one livelesson of a lesson, without a cluster'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand lesson; and not __fish_seen_subcommand_from create run plan test help" -f -a "test" -d 'Prove lessons can be solved: objectives start incomplete and their solutions complete them'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand lesson; and not __fish_seen_subcommand_from create run plan test help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand lesson; and __fish_seen_subcommand_from create" -s C -l curriculum -d 'The curriculum\'s root directory' -r -F
complete -c antidotectl -n "__fish_antidotectl_using_subcommand lesson; and __fish_seen_subcommand_from create" -l answers -d 'Answers in a YAML file of the same shape as lesson.meta.yaml' -r -F
complete -c antidotectl -n "__fish_antidotectl_using_subcommand lesson; and __fish_seen_subcommand_from create" -l set -d 'One answer; KEY is a dotted path, list items by index from 0 (e.g. endpoints.0.image=utility); repeatable, applied after --answers' -r
complete -c antidotectl -n "__fish_antidotectl_using_subcommand lesson; and __fish_seen_subcommand_from create" -l napalm-driver -d 'The NAPALM driver of a napalm-configured endpoint (junos, eos, iosxr, nxos, nxos_ssh, ios): names its configuration files; repeatable' -r
complete -c antidotectl -n "__fish_antidotectl_using_subcommand lesson; and __fish_seen_subcommand_from create" -l no-input -d 'Never prompt: fail listing every missing answer instead'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand lesson; and __fish_seen_subcommand_from create" -l force -d 'Overwrite files that exist already'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand lesson; and __fish_seen_subcommand_from create" -s q -l quiet -d 'Print only warnings, errors and machine output (no status lines or progress)'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand lesson; and __fish_seen_subcommand_from create" -s v -l verbose -d 'Also say what each command is about to do'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand lesson; and __fish_seen_subcommand_from create" -s h -l help -d 'Print help'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand lesson; and __fish_seen_subcommand_from create" -s V -l version -d 'Print version'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand lesson; and __fish_seen_subcommand_from run" -s C -l curriculum -d 'The curriculum directory' -r -F
complete -c antidotectl -n "__fish_antidotectl_using_subcommand lesson; and __fish_seen_subcommand_from run" -l backend -d 'Where the lesson runs' -r -f -a "docker\t''
kubernetes\t''"
complete -c antidotectl -n "__fish_antidotectl_using_subcommand lesson; and __fish_seen_subcommand_from run" -l context -d 'The kubeconfig context (with --backend kubernetes; default: the current one)' -r
complete -c antidotectl -n "__fish_antidotectl_using_subcommand lesson; and __fish_seen_subcommand_from run" -l forward-from -d 'With --backend kubernetes: the first local port presentations are forwarded from' -r
complete -c antidotectl -n "__fish_antidotectl_using_subcommand lesson; and __fish_seen_subcommand_from run" -l stage -d 'The stage to start at' -r
complete -c antidotectl -n "__fish_antidotectl_using_subcommand lesson; and __fish_seen_subcommand_from run" -l timeout -d 'Tear the lesson down after this long (90s, 30m, 2h)' -r
complete -c antidotectl -n "__fish_antidotectl_using_subcommand lesson; and __fish_seen_subcommand_from run" -l config -d 'YAML configuration file (see docs/operations.md)' -r -F
complete -c antidotectl -n "__fish_antidotectl_using_subcommand lesson; and __fish_seen_subcommand_from run" -l instance-id -d 'Prefix of every bus subject, so that several instances can share one NATS. [env: ANTIDOTE_INSTANCE_ID] [default: antidote]' -r
complete -c antidotectl -n "__fish_antidotectl_using_subcommand lesson; and __fish_seen_subcommand_from run" -l docker-host -d 'The engine\'s address (`unix:///run/podman/podman.sock`, `tcp://HOST:2375`); unset means `DOCKER_HOST`, else the default socket. [env: ANTIDOTE_DOCKER_HOST]' -r
complete -c antidotectl -n "__fish_antidotectl_using_subcommand lesson; and __fish_seen_subcommand_from run" -l docker-publish-address -d 'The address presentations are published on (and probed at). [env: ANTIDOTE_DOCKER_PUBLISH_ADDRESS] [default: 127.0.0.1]' -r
complete -c antidotectl -n "__fish_antidotectl_using_subcommand lesson; and __fish_seen_subcommand_from run" -l docker-publish-from -d 'The first host port presentations are published on, one after the other in lesson order (so an author\'s `ssh -p` stays the same between runs); 0 lets the engine choose free ports. [env: ANTIDOTE_DOCKER_PUBLISH_FROM] [default: 0]' -r
complete -c antidotectl -n "__fish_antidotectl_using_subcommand lesson; and __fish_seen_subcommand_from run" -l docker-pull -d 'Pull images that are not on the engine (`false`: a missing image fails the lesson). [env: ANTIDOTE_DOCKER_PULL] [default: true]' -r
complete -c antidotectl -n "__fish_antidotectl_using_subcommand lesson; and __fish_seen_subcommand_from run" -l images-org -d 'The registry and organisation images are pulled from (`antidotelabs`, or `registry.example.com/lessons`). [env: ANTIDOTE_IMAGES_ORG] [default: antidotelabs]' -r
complete -c antidotectl -n "__fish_antidotectl_using_subcommand lesson; and __fish_seen_subcommand_from run" -l images-tag -d 'The tag of every image (the curriculum\'s version). [env: ANTIDOTE_IMAGES_TAG] [default: latest]' -r
complete -c antidotectl -n "__fish_antidotectl_using_subcommand lesson; and __fish_seen_subcommand_from run" -l images-overrides -d 'Images named explicitly, as `SLUG=REFERENCE` (`utility=localhost/utility:dev`). [env: ANTIDOTE_IMAGES_OVERRIDES]' -r
complete -c antidotectl -n "__fish_antidotectl_using_subcommand lesson; and __fish_seen_subcommand_from run" -l images-configurator -d 'The image that runs stage configuration (python, ansible, napalm); unset means `{org}/configurator:{tag}`. [env: ANTIDOTE_IMAGES_CONFIGURATOR]' -r
complete -c antidotectl -n "__fish_antidotectl_using_subcommand lesson; and __fish_seen_subcommand_from run" -s q -l quiet -d 'Print only warnings, errors and machine output (no status lines or progress)'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand lesson; and __fish_seen_subcommand_from run" -s v -l verbose -d 'Also say what each command is about to do'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand lesson; and __fish_seen_subcommand_from run" -s h -l help -d 'Print help'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand lesson; and __fish_seen_subcommand_from run" -s V -l version -d 'Print version'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand lesson; and __fish_seen_subcommand_from plan" -s C -l curriculum -d 'The curriculum directory' -r -F
complete -c antidotectl -n "__fish_antidotectl_using_subcommand lesson; and __fish_seen_subcommand_from plan" -l stage -d 'The stage whose configuration Jobs are printed' -r
complete -c antidotectl -n "__fish_antidotectl_using_subcommand lesson; and __fish_seen_subcommand_from plan" -l format -d 'YAML documents, or a JSON `List`' -r -f -a "yaml\t''
json\t''"
complete -c antidotectl -n "__fish_antidotectl_using_subcommand lesson; and __fish_seen_subcommand_from plan" -l id -d 'The livelesson id the objects are named and labelled after' -r
complete -c antidotectl -n "__fish_antidotectl_using_subcommand lesson; and __fish_seen_subcommand_from plan" -l config -d 'YAML configuration file (see docs/operations.md)' -r -F
complete -c antidotectl -n "__fish_antidotectl_using_subcommand lesson; and __fish_seen_subcommand_from plan" -l instance-id -d 'Prefix of every bus subject, so that several instances can share one NATS. [env: ANTIDOTE_INSTANCE_ID] [default: antidote]' -r
complete -c antidotectl -n "__fish_antidotectl_using_subcommand lesson; and __fish_seen_subcommand_from plan" -l images-org -d 'The registry and organisation images are pulled from (`antidotelabs`, or `registry.example.com/lessons`). [env: ANTIDOTE_IMAGES_ORG] [default: antidotelabs]' -r
complete -c antidotectl -n "__fish_antidotectl_using_subcommand lesson; and __fish_seen_subcommand_from plan" -l images-tag -d 'The tag of every image (the curriculum\'s version). [env: ANTIDOTE_IMAGES_TAG] [default: latest]' -r
complete -c antidotectl -n "__fish_antidotectl_using_subcommand lesson; and __fish_seen_subcommand_from plan" -l images-overrides -d 'Images named explicitly, as `SLUG=REFERENCE` (`utility=localhost/utility:dev`). [env: ANTIDOTE_IMAGES_OVERRIDES]' -r
complete -c antidotectl -n "__fish_antidotectl_using_subcommand lesson; and __fish_seen_subcommand_from plan" -l images-configurator -d 'The image that runs stage configuration (python, ansible, napalm); unset means `{org}/configurator:{tag}`. [env: ANTIDOTE_IMAGES_CONFIGURATOR]' -r
complete -c antidotectl -n "__fish_antidotectl_using_subcommand lesson; and __fish_seen_subcommand_from plan" -l kubernetes-context -d 'The kubeconfig context to use; unset means the current context of the kubeconfig (`KUBECONFIG` or `~/.kube/config`), else the service account of the pod the service runs in. [env: ANTIDOTE_KUBERNETES_CONTEXT]' -r
complete -c antidotectl -n "__fish_antidotectl_using_subcommand lesson; and __fish_seen_subcommand_from plan" -l kubernetes-heps-domain -d 'The domain under which http presentations and jupyter guides get their ingress hosts (`{namespace}-{endpoint}-{presentation}.{heps_domain}`; the original\'s `hepsDomain`). [env: ANTIDOTE_KUBERNETES_HEPS_DOMAIN] [default: localhost]' -r
complete -c antidotectl -n "__fish_antidotectl_using_subcommand lesson; and __fish_seen_subcommand_from plan" -l kubernetes-secrets-namespace -d 'The namespace the TLS and pull secrets are copied from into each livelesson\'s namespace (the original\'s secrets namespace). [env: ANTIDOTE_KUBERNETES_SECRETS_NAMESPACE] [default: prod]' -r
complete -c antidotectl -n "__fish_antidotectl_using_subcommand lesson; and __fish_seen_subcommand_from plan" -l kubernetes-tls-secret -d 'The TLS secret of the ingresses, copied from `secrets_namespace` (the original\'s `tlsCertName`). [env: ANTIDOTE_KUBERNETES_TLS_SECRET] [default: tls-certificate]' -r
complete -c antidotectl -n "__fish_antidotectl_using_subcommand lesson; and __fish_seen_subcommand_from plan" -l kubernetes-pull-secret -d 'An image pull secret copied from `secrets_namespace` and used by every pod; unset means none (the original\'s `pullCredName`). [env: ANTIDOTE_KUBERNETES_PULL_SECRET]' -r
complete -c antidotectl -n "__fish_antidotectl_using_subcommand lesson; and __fish_seen_subcommand_from plan" -l kubernetes-always-pull -d 'Pull every image on every start (`Always`) instead of when missing (`IfNotPresent`) (the original\'s `alwaysPull`). [env: ANTIDOTE_KUBERNETES_ALWAYS_PULL] [default: false]' -r
complete -c antidotectl -n "__fish_antidotectl_using_subcommand lesson; and __fish_seen_subcommand_from plan" -l kubernetes-allow-egress -d 'Let every lesson\'s pods reach outside their namespace (the original\'s `allowEgress`); a lesson can also ask for it (`allowEgress` in its meta file). `egress_blocked` stays blocked either way. [env: ANTIDOTE_KUBERNETES_ALLOW_EGRESS] [default: false]' -r
complete -c antidotectl -n "__fish_antidotectl_using_subcommand lesson; and __fish_seen_subcommand_from plan" -l kubernetes-egress-blocked -d 'Networks lesson pods never reach, even with egress allowed (the cloud metadata addresses by default). [env: ANTIDOTE_KUBERNETES_EGRESS_BLOCKED]' -r
complete -c antidotectl -n "__fish_antidotectl_using_subcommand lesson; and __fish_seen_subcommand_from plan" -l kubernetes-ingress-namespaces -d 'Namespaces whose pods may reach lesson pods (where the terminal proxy and the ingress controller run); pods of the livelesson\'s own namespace always may. [env: ANTIDOTE_KUBERNETES_INGRESS_NAMESPACES]' -r
complete -c antidotectl -n "__fish_antidotectl_using_subcommand lesson; and __fish_seen_subcommand_from plan" -l kubernetes-ingress-class -d 'The ingress class of http presentations and jupyter guides; unset means the cluster\'s default class. [env: ANTIDOTE_KUBERNETES_INGRESS_CLASS]' -r
complete -c antidotectl -n "__fish_antidotectl_using_subcommand lesson; and __fish_seen_subcommand_from plan" -l kubernetes-ingress-annotations -d 'Annotations of every ingress, as `KEY=VALUE` (e.g. what lets the page be framed with your ingress controller). [env: ANTIDOTE_KUBERNETES_INGRESS_ANNOTATIONS]' -r
complete -c antidotectl -n "__fish_antidotectl_using_subcommand lesson; and __fish_seen_subcommand_from plan" -l kubernetes-untrusted-runtime-class -d 'The runtime class of `untrusted` images (`kata`, `gvisor`); unset means the cluster\'s default runtime. [env: ANTIDOTE_KUBERNETES_UNTRUSTED_RUNTIME_CLASS]' -r
complete -c antidotectl -n "__fish_antidotectl_using_subcommand lesson; and __fish_seen_subcommand_from plan" -l kubernetes-init-image -d 'The image of the init container that fetches the lesson\'s files (it needs `sh`, `wget` and `tar`). [env: ANTIDOTE_KUBERNETES_INIT_IMAGE] [default: busybox:1.37]' -r
complete -c antidotectl -n "__fish_antidotectl_using_subcommand lesson; and __fish_seen_subcommand_from plan" -l kubernetes-jupyter-image -d 'The image of jupyter guides; unset means `{images.org}/jupyter:{images.tag}`. [env: ANTIDOTE_KUBERNETES_JUPYTER_IMAGE]' -r
complete -c antidotectl -n "__fish_antidotectl_using_subcommand lesson; and __fish_seen_subcommand_from plan" -l kubernetes-files-url -d 'The API\'s address as lesson pods reach it (`http://antidote-api.antidote.svc:8086`): init containers fetch the lesson\'s files from its internal endpoint. [env: ANTIDOTE_KUBERNETES_FILES_URL] [default: http://antidote-api.antidote.svc:8086]' -r
complete -c antidotectl -n "__fish_antidotectl_using_subcommand lesson; and __fish_seen_subcommand_from plan" -l kubernetes-platform-namespace -d 'The namespace the platform\'s services run in (the API, schedulers, checkers): its pods may reach lesson pods (the schedulers probe presentations), and lesson pods may reach its API pods (to fetch their files) even without egress. [env: ANTIDOTE_KUBERNETES_PLATFORM_NAMESPACE] [default: antidote]' -r
complete -c antidotectl -n "__fish_antidotectl_using_subcommand lesson; and __fish_seen_subcommand_from plan" -l kubernetes-api-pod-labels -d 'The labels of the API\'s pods, as `KEY=VALUE`: the only pods of `platform_namespace` that lesson pods may reach (not the database, not the bus). [env: ANTIDOTE_KUBERNETES_API_POD_LABELS]' -r
complete -c antidotectl -n "__fish_antidotectl_using_subcommand lesson; and __fish_seen_subcommand_from plan" -l kubernetes-files-key -d 'The key that per-livelesson file tokens are derived from (at least 32 characters); the API and the schedulers must share it. Required by the Kubernetes backend; without it the API serves no lesson files. [env: ANTIDOTE_KUBERNETES_FILES_KEY] (prefer the variable: a flag shows in the process list)' -r
complete -c antidotectl -n "__fish_antidotectl_using_subcommand lesson; and __fish_seen_subcommand_from plan" -l kubernetes-cpu-request -d 'The CPU each endpoint asks for (`100m`); unset means none. [env: ANTIDOTE_KUBERNETES_CPU_REQUEST]' -r
complete -c antidotectl -n "__fish_antidotectl_using_subcommand lesson; and __fish_seen_subcommand_from plan" -l kubernetes-memory-request -d 'The memory each endpoint asks for (`256Mi`); unset means none. [env: ANTIDOTE_KUBERNETES_MEMORY_REQUEST]' -r
complete -c antidotectl -n "__fish_antidotectl_using_subcommand lesson; and __fish_seen_subcommand_from plan" -l kubernetes-cpu-limit -d 'The most CPU an endpoint may use (`2`); unset means no limit. [env: ANTIDOTE_KUBERNETES_CPU_LIMIT]' -r
complete -c antidotectl -n "__fish_antidotectl_using_subcommand lesson; and __fish_seen_subcommand_from plan" -l kubernetes-memory-limit -d 'The most memory an endpoint may use (`2Gi`); unset means no limit. [env: ANTIDOTE_KUBERNETES_MEMORY_LIMIT]' -r
complete -c antidotectl -n "__fish_antidotectl_using_subcommand lesson; and __fish_seen_subcommand_from plan" -l kubernetes-configure-timeout-ms -d 'The longest one stage\'s configuration Job may run, in milliseconds (its deadline). [env: ANTIDOTE_KUBERNETES_CONFIGURE_TIMEOUT_MS] [default: 300000]' -r
complete -c antidotectl -n "__fish_antidotectl_using_subcommand lesson; and __fish_seen_subcommand_from plan" -l kubernetes-probe-timeout-ms -d 'The longest one readiness probe (an SSH handshake, a TCP connect) may take, in milliseconds. [env: ANTIDOTE_KUBERNETES_PROBE_TIMEOUT_MS] [default: 2000]' -r
complete -c antidotectl -n "__fish_antidotectl_using_subcommand lesson; and __fish_seen_subcommand_from plan" -l kubernetes-delete-timeout-ms -d 'How long a teardown waits for the namespace to be gone, in milliseconds. [env: ANTIDOTE_KUBERNETES_DELETE_TIMEOUT_MS] [default: 120000]' -r
complete -c antidotectl -n "__fish_antidotectl_using_subcommand lesson; and __fish_seen_subcommand_from plan" -s q -l quiet -d 'Print only warnings, errors and machine output (no status lines or progress)'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand lesson; and __fish_seen_subcommand_from plan" -s v -l verbose -d 'Also say what each command is about to do'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand lesson; and __fish_seen_subcommand_from plan" -s h -l help -d 'Print help'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand lesson; and __fish_seen_subcommand_from plan" -s V -l version -d 'Print version'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand lesson; and __fish_seen_subcommand_from test" -s C -l curriculum -d 'The curriculum directory' -r -F
complete -c antidotectl -n "__fish_antidotectl_using_subcommand lesson; and __fish_seen_subcommand_from test" -l backend -d 'Where the lesson runs' -r -f -a "docker\t''
kubernetes\t''"
complete -c antidotectl -n "__fish_antidotectl_using_subcommand lesson; and __fish_seen_subcommand_from test" -l context -d 'The kubeconfig context (with --backend kubernetes; default: the current one)' -r
complete -c antidotectl -n "__fish_antidotectl_using_subcommand lesson; and __fish_seen_subcommand_from test" -l forward-from -d 'With --backend kubernetes: the first local port presentations are forwarded from' -r
complete -c antidotectl -n "__fish_antidotectl_using_subcommand lesson; and __fish_seen_subcommand_from test" -l format -d 'human (on stderr), or json or junit (JUnit XML, on stdout)' -r -f -a "human\t''
json\t''
junit\t''"
complete -c antidotectl -n "__fish_antidotectl_using_subcommand lesson; and __fish_seen_subcommand_from test" -s j -l jobs -d 'Lessons tested at once' -r
complete -c antidotectl -n "__fish_antidotectl_using_subcommand lesson; and __fish_seen_subcommand_from test" -l script-timeout -d 'The longest one check or solution may run' -r
complete -c antidotectl -n "__fish_antidotectl_using_subcommand lesson; and __fish_seen_subcommand_from test" -l config -d 'YAML configuration file (see docs/operations.md)' -r -F
complete -c antidotectl -n "__fish_antidotectl_using_subcommand lesson; and __fish_seen_subcommand_from test" -l instance-id -d 'Prefix of every bus subject, so that several instances can share one NATS. [env: ANTIDOTE_INSTANCE_ID] [default: antidote]' -r
complete -c antidotectl -n "__fish_antidotectl_using_subcommand lesson; and __fish_seen_subcommand_from test" -l docker-host -d 'The engine\'s address (`unix:///run/podman/podman.sock`, `tcp://HOST:2375`); unset means `DOCKER_HOST`, else the default socket. [env: ANTIDOTE_DOCKER_HOST]' -r
complete -c antidotectl -n "__fish_antidotectl_using_subcommand lesson; and __fish_seen_subcommand_from test" -l docker-publish-address -d 'The address presentations are published on (and probed at). [env: ANTIDOTE_DOCKER_PUBLISH_ADDRESS] [default: 127.0.0.1]' -r
complete -c antidotectl -n "__fish_antidotectl_using_subcommand lesson; and __fish_seen_subcommand_from test" -l docker-publish-from -d 'The first host port presentations are published on, one after the other in lesson order (so an author\'s `ssh -p` stays the same between runs); 0 lets the engine choose free ports. [env: ANTIDOTE_DOCKER_PUBLISH_FROM] [default: 0]' -r
complete -c antidotectl -n "__fish_antidotectl_using_subcommand lesson; and __fish_seen_subcommand_from test" -l docker-pull -d 'Pull images that are not on the engine (`false`: a missing image fails the lesson). [env: ANTIDOTE_DOCKER_PULL] [default: true]' -r
complete -c antidotectl -n "__fish_antidotectl_using_subcommand lesson; and __fish_seen_subcommand_from test" -l images-org -d 'The registry and organisation images are pulled from (`antidotelabs`, or `registry.example.com/lessons`). [env: ANTIDOTE_IMAGES_ORG] [default: antidotelabs]' -r
complete -c antidotectl -n "__fish_antidotectl_using_subcommand lesson; and __fish_seen_subcommand_from test" -l images-tag -d 'The tag of every image (the curriculum\'s version). [env: ANTIDOTE_IMAGES_TAG] [default: latest]' -r
complete -c antidotectl -n "__fish_antidotectl_using_subcommand lesson; and __fish_seen_subcommand_from test" -l images-overrides -d 'Images named explicitly, as `SLUG=REFERENCE` (`utility=localhost/utility:dev`). [env: ANTIDOTE_IMAGES_OVERRIDES]' -r
complete -c antidotectl -n "__fish_antidotectl_using_subcommand lesson; and __fish_seen_subcommand_from test" -l images-configurator -d 'The image that runs stage configuration (python, ansible, napalm); unset means `{org}/configurator:{tag}`. [env: ANTIDOTE_IMAGES_CONFIGURATOR]' -r
complete -c antidotectl -n "__fish_antidotectl_using_subcommand lesson; and __fish_seen_subcommand_from test" -s q -l quiet -d 'Print only warnings, errors and machine output (no status lines or progress)'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand lesson; and __fish_seen_subcommand_from test" -s v -l verbose -d 'Also say what each command is about to do'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand lesson; and __fish_seen_subcommand_from test" -s h -l help -d 'Print help'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand lesson; and __fish_seen_subcommand_from test" -s V -l version -d 'Print version'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand lesson; and __fish_seen_subcommand_from help" -f -a "create" -d 'Create a lesson (lesson.meta.yaml) with its files, asking for what the answers leave open'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand lesson; and __fish_seen_subcommand_from help" -f -a "run" -d 'Run a lesson on a container engine or a cluster, stage by stage, until Ctrl-C'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand lesson; and __fish_seen_subcommand_from help" -f -a "plan" -d 'Print every Kubernetes object of one livelesson of a lesson, without a cluster'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand lesson; and __fish_seen_subcommand_from help" -f -a "test" -d 'Prove lessons can be solved: objectives start incomplete and their solutions complete them'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand lesson; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand collection; and not __fish_seen_subcommand_from create help" -s q -l quiet -d 'Print only warnings, errors and machine output (no status lines or progress)'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand collection; and not __fish_seen_subcommand_from create help" -s v -l verbose -d 'Also say what each command is about to do'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand collection; and not __fish_seen_subcommand_from create help" -s h -l help -d 'Print help'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand collection; and not __fish_seen_subcommand_from create help" -s V -l version -d 'Print version'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand collection; and not __fish_seen_subcommand_from create help" -f -a "create" -d 'Create a collection (collection.meta.yaml) with its files, asking for what the answers leave open'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand collection; and not __fish_seen_subcommand_from create help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand collection; and __fish_seen_subcommand_from create" -s C -l curriculum -d 'The curriculum\'s root directory' -r -F
complete -c antidotectl -n "__fish_antidotectl_using_subcommand collection; and __fish_seen_subcommand_from create" -l answers -d 'Answers in a YAML file of the same shape as collection.meta.yaml' -r -F
complete -c antidotectl -n "__fish_antidotectl_using_subcommand collection; and __fish_seen_subcommand_from create" -l set -d 'One answer; KEY is a dotted path, list items by index from 0 (e.g. endpoints.0.image=utility); repeatable, applied after --answers' -r
complete -c antidotectl -n "__fish_antidotectl_using_subcommand collection; and __fish_seen_subcommand_from create" -l no-input -d 'Never prompt: fail listing every missing answer instead'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand collection; and __fish_seen_subcommand_from create" -l force -d 'Overwrite files that exist already'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand collection; and __fish_seen_subcommand_from create" -s q -l quiet -d 'Print only warnings, errors and machine output (no status lines or progress)'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand collection; and __fish_seen_subcommand_from create" -s v -l verbose -d 'Also say what each command is about to do'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand collection; and __fish_seen_subcommand_from create" -s h -l help -d 'Print help'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand collection; and __fish_seen_subcommand_from create" -s V -l version -d 'Print version'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand collection; and __fish_seen_subcommand_from help" -f -a "create" -d 'Create a collection (collection.meta.yaml) with its files, asking for what the answers leave open'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand collection; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand image; and not __fish_seen_subcommand_from create help" -s q -l quiet -d 'Print only warnings, errors and machine output (no status lines or progress)'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand image; and not __fish_seen_subcommand_from create help" -s v -l verbose -d 'Also say what each command is about to do'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand image; and not __fish_seen_subcommand_from create help" -s h -l help -d 'Print help'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand image; and not __fish_seen_subcommand_from create help" -s V -l version -d 'Print version'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand image; and not __fish_seen_subcommand_from create help" -f -a "create" -d 'Create an image (image.meta.yaml) with its files, asking for what the answers leave open'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand image; and not __fish_seen_subcommand_from create help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand image; and __fish_seen_subcommand_from create" -s C -l curriculum -d 'The curriculum\'s root directory' -r -F
complete -c antidotectl -n "__fish_antidotectl_using_subcommand image; and __fish_seen_subcommand_from create" -l answers -d 'Answers in a YAML file of the same shape as image.meta.yaml' -r -F
complete -c antidotectl -n "__fish_antidotectl_using_subcommand image; and __fish_seen_subcommand_from create" -l set -d 'One answer; KEY is a dotted path, list items by index from 0 (e.g. endpoints.0.image=utility); repeatable, applied after --answers' -r
complete -c antidotectl -n "__fish_antidotectl_using_subcommand image; and __fish_seen_subcommand_from create" -l no-input -d 'Never prompt: fail listing every missing answer instead'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand image; and __fish_seen_subcommand_from create" -l force -d 'Overwrite files that exist already'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand image; and __fish_seen_subcommand_from create" -s q -l quiet -d 'Print only warnings, errors and machine output (no status lines or progress)'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand image; and __fish_seen_subcommand_from create" -s v -l verbose -d 'Also say what each command is about to do'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand image; and __fish_seen_subcommand_from create" -s h -l help -d 'Print help'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand image; and __fish_seen_subcommand_from create" -s V -l version -d 'Print version'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand image; and __fish_seen_subcommand_from help" -f -a "create" -d 'Create an image (image.meta.yaml) with its files, asking for what the answers leave open'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand image; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand import" -l ref -d 'Branch, tag or commit to import (git sources)' -r
complete -c antidotectl -n "__fish_antidotectl_using_subcommand import" -l tier -d 'Leave out lessons and collections less public than TIER (local: import everything)' -r -f -a "prod\t''
ptr\t''
local\t''"
complete -c antidotectl -n "__fish_antidotectl_using_subcommand import" -l config -d 'YAML configuration file (see docs/operations.md)' -r -F
complete -c antidotectl -n "__fish_antidotectl_using_subcommand import" -l database-url -d '`sqlite://PATH` or `postgres://...`; unset means the embedded default SQLite file. [env: ANTIDOTE_DATABASE_URL]' -r
complete -c antidotectl -n "__fish_antidotectl_using_subcommand import" -l allow-shrink -d 'Import even if it removes every stored lesson, or more than import.max_removed_percent of them'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand import" -s q -l quiet -d 'Print only warnings, errors and machine output (no status lines or progress)'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand import" -s v -l verbose -d 'Also say what each command is about to do'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand import" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand import" -s V -l version -d 'Print version'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand serve" -s C -l curriculum -d 'Import this curriculum (directory or git source) before serving' -r
complete -c antidotectl -n "__fish_antidotectl_using_subcommand serve" -l config -d 'YAML configuration file (see docs/operations.md)' -r -F
complete -c antidotectl -n "__fish_antidotectl_using_subcommand serve" -l instance-id -d 'Prefix of every bus subject, so that several instances can share one NATS. [env: ANTIDOTE_INSTANCE_ID] [default: antidote]' -r
complete -c antidotectl -n "__fish_antidotectl_using_subcommand serve" -l database-url -d '`sqlite://PATH` or `postgres://...`; unset means the embedded default SQLite file. [env: ANTIDOTE_DATABASE_URL]' -r
complete -c antidotectl -n "__fish_antidotectl_using_subcommand serve" -l database-acquire-timeout-ms -d 'How long a query waits for a PostgreSQL connection before it fails, in milliseconds: while the database is unreachable, API requests are answered 503 (with `Retry-After`) within this time. [env: ANTIDOTE_DATABASE_ACQUIRE_TIMEOUT_MS] [default: 1000]' -r
complete -c antidotectl -n "__fish_antidotectl_using_subcommand serve" -l nats-url -d '`nats://HOST:PORT`; unset means the in-process bus (one process only). [env: ANTIDOTE_NATS_URL]' -r
complete -c antidotectl -n "__fish_antidotectl_using_subcommand serve" -l nats-user -d 'User name (with `password`). [env: ANTIDOTE_NATS_USER]' -r
complete -c antidotectl -n "__fish_antidotectl_using_subcommand serve" -l nats-password -d 'Password (with `user`). [env: ANTIDOTE_NATS_PASSWORD] (prefer the variable: a flag shows in the process list)' -r
complete -c antidotectl -n "__fish_antidotectl_using_subcommand serve" -l nats-token -d 'Token (instead of user and password). [env: ANTIDOTE_NATS_TOKEN] (prefer the variable: a flag shows in the process list)' -r
complete -c antidotectl -n "__fish_antidotectl_using_subcommand serve" -l backend -d 'Which backend provisions livelessons. [env: ANTIDOTE_BACKEND] [default: preview]' -r
complete -c antidotectl -n "__fish_antidotectl_using_subcommand serve" -l tier -d 'The most private tier served (the API shows resources at least this public). [env: ANTIDOTE_TIER] [default: local]' -r
complete -c antidotectl -n "__fish_antidotectl_using_subcommand serve" -l listen -d 'Address to listen on. [env: ANTIDOTE_LISTEN] [default: 127.0.0.1:8086]' -r
complete -c antidotectl -n "__fish_antidotectl_using_subcommand serve" -l admin-token -d 'Bearer token for `/api/v1/admin/...` (at least 16 characters); unset disables the admin API. [env: ANTIDOTE_ADMIN_TOKEN] (prefer the variable: a flag shows in the process list)' -r
complete -c antidotectl -n "__fish_antidotectl_using_subcommand serve" -l api-trusted-proxies -d 'Peers whose `X-Forwarded-For` header is believed: addresses (`10.0.0.1`) or networks (`10.0.0.0/8`, `fd00::/8`). [env: ANTIDOTE_API_TRUSTED_PROXIES]' -r
complete -c antidotectl -n "__fish_antidotectl_using_subcommand serve" -l api-cors-origins -d 'Origins allowed by CORS (`*` for any); empty allows none. [env: ANTIDOTE_API_CORS_ORIGINS]' -r
complete -c antidotectl -n "__fish_antidotectl_using_subcommand serve" -l api-max-body-bytes -d 'Largest request body accepted, in bytes. [env: ANTIDOTE_API_MAX_BODY_BYTES] [default: 16384]' -r
complete -c antidotectl -n "__fish_antidotectl_using_subcommand serve" -l api-sessions-per-ip-per-hour -d 'Sessions one source address may create per hour (0: no limit). [env: ANTIDOTE_API_SESSIONS_PER_IP_PER_HOUR] [default: 100]' -r
complete -c antidotectl -n "__fish_antidotectl_using_subcommand serve" -l api-livelessons-per-session -d 'Livelessons one session may hold at once (0: no limit). [env: ANTIDOTE_API_LIVELESSONS_PER_SESSION] [default: 3]' -r
complete -c antidotectl -n "__fish_antidotectl_using_subcommand serve" -l api-request-timeout-ms -d 'How long to wait for a scheduler to acknowledge a request, in milliseconds. [env: ANTIDOTE_API_REQUEST_TIMEOUT_MS] [default: 3000]' -r
complete -c antidotectl -n "__fish_antidotectl_using_subcommand serve" -l api-curriculum-refresh-ms -d 'How often to check for a newly imported curriculum, in milliseconds. [env: ANTIDOTE_API_CURRICULUM_REFRESH_MS] [default: 1000]' -r
complete -c antidotectl -n "__fish_antidotectl_using_subcommand serve" -l api-header-read-timeout-ms -d 'How long a client may take to send a request\'s line and headers, in milliseconds, counted from when its connection is ready for them (accepted, or the previous answer sent): a slow client, or one idle between requests, is disconnected then. [env: ANTIDOTE_API_HEADER_READ_TIMEOUT_MS] [default: 10000]' -r
complete -c antidotectl -n "__fish_antidotectl_using_subcommand serve" -l api-idle-timeout-ms -d 'How long a connection may stay silent (no byte in either direction), in milliseconds, before it is closed, whatever it is doing (a stalled body, an unread answer). [env: ANTIDOTE_API_IDLE_TIMEOUT_MS] [default: 60000]' -r
complete -c antidotectl -n "__fish_antidotectl_using_subcommand serve" -l api-max-connections -d 'Connections open at once, in all; kept below the process\'s open-file limit (less 128 for the database, the bus and files). A connection beyond it is closed at once. [env: ANTIDOTE_API_MAX_CONNECTIONS] [default: 4096]' -r
complete -c antidotectl -n "__fish_antidotectl_using_subcommand serve" -l api-max-connections-per-address -d 'Connections open at once from one source address (a trusted proxy\'s connections carry many clients and count only towards `max_connections`). Beyond it, closed at once. [env: ANTIDOTE_API_MAX_CONNECTIONS_PER_ADDRESS] [default: 256]' -r
complete -c antidotectl -n "__fish_antidotectl_using_subcommand serve" -l scheduler-lease-ms -d 'How long a replica\'s hold on a livelesson it works on lasts, in milliseconds. It is renewed every third of that while the replica lives, so a dead replica\'s livelessons are resumed by another within this time (plus `sweep_interval_ms`). [env: ANTIDOTE_SCHEDULER_LEASE_MS] [default: 10000]' -r
complete -c antidotectl -n "__fish_antidotectl_using_subcommand serve" -l scheduler-concurrency -d 'How many livelessons one replica works on at once. [env: ANTIDOTE_SCHEDULER_CONCURRENCY] [default: 64]' -r
complete -c antidotectl -n "__fish_antidotectl_using_subcommand serve" -l scheduler-endpoint-retries -d 'How many times endpoints that do not come up are retried before the livelesson FAILS. [env: ANTIDOTE_SCHEDULER_ENDPOINT_RETRIES] [default: 2]' -r
complete -c antidotectl -n "__fish_antidotectl_using_subcommand serve" -l scheduler-endpoint-timeout-ms -d 'How long to wait for every endpoint to come up, per attempt, in milliseconds. [env: ANTIDOTE_SCHEDULER_ENDPOINT_TIMEOUT_MS] [default: 300000]' -r
complete -c antidotectl -n "__fish_antidotectl_using_subcommand serve" -l scheduler-call-timeout-ms -d 'The longest one backend call may take, in milliseconds (a hung call then counts as a retryable failure instead of holding the livelesson forever). [env: ANTIDOTE_SCHEDULER_CALL_TIMEOUT_MS] [default: 600000]' -r
complete -c antidotectl -n "__fish_antidotectl_using_subcommand serve" -l scheduler-sweep-interval-ms -d 'How often to look for livelessons whose owner died (or that nobody took), in milliseconds. [env: ANTIDOTE_SCHEDULER_SWEEP_INTERVAL_MS] [default: 2000]' -r
complete -c antidotectl -n "__fish_antidotectl_using_subcommand serve" -l scheduler-orphan-sweep-interval-ms -d 'How often to tear down what the backend has of livelessons that have no row (orphans), in milliseconds. [env: ANTIDOTE_SCHEDULER_ORPHAN_SWEEP_INTERVAL_MS] [default: 60000]' -r
complete -c antidotectl -n "__fish_antidotectl_using_subcommand serve" -l preview-delay-ms -d 'A pretend provisioning time per livelesson, in milliseconds (demos, front-end work and tests of the scheduler); 0 by default. [env: ANTIDOTE_PREVIEW_DELAY_MS] [default: 0]' -r
complete -c antidotectl -n "__fish_antidotectl_using_subcommand serve" -l preview-record -d 'A file to which every create, configure and teardown is appended as a JSON line, with the process that did it (an audit of who provisioned what); unset by default. [env: ANTIDOTE_PREVIEW_RECORD]' -r
complete -c antidotectl -n "__fish_antidotectl_using_subcommand serve" -l images-org -d 'The registry and organisation images are pulled from (`antidotelabs`, or `registry.example.com/lessons`). [env: ANTIDOTE_IMAGES_ORG] [default: antidotelabs]' -r
complete -c antidotectl -n "__fish_antidotectl_using_subcommand serve" -l images-tag -d 'The tag of every image (the curriculum\'s version). [env: ANTIDOTE_IMAGES_TAG] [default: latest]' -r
complete -c antidotectl -n "__fish_antidotectl_using_subcommand serve" -l images-overrides -d 'Images named explicitly, as `SLUG=REFERENCE` (`utility=localhost/utility:dev`). [env: ANTIDOTE_IMAGES_OVERRIDES]' -r
complete -c antidotectl -n "__fish_antidotectl_using_subcommand serve" -l images-configurator -d 'The image that runs stage configuration (python, ansible, napalm); unset means `{org}/configurator:{tag}`. [env: ANTIDOTE_IMAGES_CONFIGURATOR]' -r
complete -c antidotectl -n "__fish_antidotectl_using_subcommand serve" -l docker-host -d 'The engine\'s address (`unix:///run/podman/podman.sock`, `tcp://HOST:2375`); unset means `DOCKER_HOST`, else the default socket. [env: ANTIDOTE_DOCKER_HOST]' -r
complete -c antidotectl -n "__fish_antidotectl_using_subcommand serve" -l docker-publish-address -d 'The address presentations are published on (and probed at). [env: ANTIDOTE_DOCKER_PUBLISH_ADDRESS] [default: 127.0.0.1]' -r
complete -c antidotectl -n "__fish_antidotectl_using_subcommand serve" -l docker-publish-from -d 'The first host port presentations are published on, one after the other in lesson order (so an author\'s `ssh -p` stays the same between runs); 0 lets the engine choose free ports. [env: ANTIDOTE_DOCKER_PUBLISH_FROM] [default: 0]' -r
complete -c antidotectl -n "__fish_antidotectl_using_subcommand serve" -l docker-untrusted-runtime -d 'The container runtime of `untrusted` images (`runsc`, `kata`); unset means the engine\'s default. [env: ANTIDOTE_DOCKER_UNTRUSTED_RUNTIME]' -r
complete -c antidotectl -n "__fish_antidotectl_using_subcommand serve" -l docker-pull -d 'Pull images that are not on the engine (`false`: a missing image fails the lesson). [env: ANTIDOTE_DOCKER_PULL] [default: true]' -r
complete -c antidotectl -n "__fish_antidotectl_using_subcommand serve" -l docker-configure-timeout-ms -d 'The longest one stage\'s configuration may run, in milliseconds. [env: ANTIDOTE_DOCKER_CONFIGURE_TIMEOUT_MS] [default: 300000]' -r
complete -c antidotectl -n "__fish_antidotectl_using_subcommand serve" -l docker-probe-timeout-ms -d 'The longest one readiness probe (an SSH handshake, a TCP connect) may take, in milliseconds. [env: ANTIDOTE_DOCKER_PROBE_TIMEOUT_MS] [default: 2000]' -r
complete -c antidotectl -n "__fish_antidotectl_using_subcommand serve" -l kubernetes-context -d 'The kubeconfig context to use; unset means the current context of the kubeconfig (`KUBECONFIG` or `~/.kube/config`), else the service account of the pod the service runs in. [env: ANTIDOTE_KUBERNETES_CONTEXT]' -r
complete -c antidotectl -n "__fish_antidotectl_using_subcommand serve" -l kubernetes-heps-domain -d 'The domain under which http presentations and jupyter guides get their ingress hosts (`{namespace}-{endpoint}-{presentation}.{heps_domain}`; the original\'s `hepsDomain`). [env: ANTIDOTE_KUBERNETES_HEPS_DOMAIN] [default: localhost]' -r
complete -c antidotectl -n "__fish_antidotectl_using_subcommand serve" -l kubernetes-secrets-namespace -d 'The namespace the TLS and pull secrets are copied from into each livelesson\'s namespace (the original\'s secrets namespace). [env: ANTIDOTE_KUBERNETES_SECRETS_NAMESPACE] [default: prod]' -r
complete -c antidotectl -n "__fish_antidotectl_using_subcommand serve" -l kubernetes-tls-secret -d 'The TLS secret of the ingresses, copied from `secrets_namespace` (the original\'s `tlsCertName`). [env: ANTIDOTE_KUBERNETES_TLS_SECRET] [default: tls-certificate]' -r
complete -c antidotectl -n "__fish_antidotectl_using_subcommand serve" -l kubernetes-pull-secret -d 'An image pull secret copied from `secrets_namespace` and used by every pod; unset means none (the original\'s `pullCredName`). [env: ANTIDOTE_KUBERNETES_PULL_SECRET]' -r
complete -c antidotectl -n "__fish_antidotectl_using_subcommand serve" -l kubernetes-always-pull -d 'Pull every image on every start (`Always`) instead of when missing (`IfNotPresent`) (the original\'s `alwaysPull`). [env: ANTIDOTE_KUBERNETES_ALWAYS_PULL] [default: false]' -r
complete -c antidotectl -n "__fish_antidotectl_using_subcommand serve" -l kubernetes-allow-egress -d 'Let every lesson\'s pods reach outside their namespace (the original\'s `allowEgress`); a lesson can also ask for it (`allowEgress` in its meta file). `egress_blocked` stays blocked either way. [env: ANTIDOTE_KUBERNETES_ALLOW_EGRESS] [default: false]' -r
complete -c antidotectl -n "__fish_antidotectl_using_subcommand serve" -l kubernetes-egress-blocked -d 'Networks lesson pods never reach, even with egress allowed (the cloud metadata addresses by default). [env: ANTIDOTE_KUBERNETES_EGRESS_BLOCKED]' -r
complete -c antidotectl -n "__fish_antidotectl_using_subcommand serve" -l kubernetes-ingress-namespaces -d 'Namespaces whose pods may reach lesson pods (where the terminal proxy and the ingress controller run); pods of the livelesson\'s own namespace always may. [env: ANTIDOTE_KUBERNETES_INGRESS_NAMESPACES]' -r
complete -c antidotectl -n "__fish_antidotectl_using_subcommand serve" -l kubernetes-ingress-class -d 'The ingress class of http presentations and jupyter guides; unset means the cluster\'s default class. [env: ANTIDOTE_KUBERNETES_INGRESS_CLASS]' -r
complete -c antidotectl -n "__fish_antidotectl_using_subcommand serve" -l kubernetes-ingress-annotations -d 'Annotations of every ingress, as `KEY=VALUE` (e.g. what lets the page be framed with your ingress controller). [env: ANTIDOTE_KUBERNETES_INGRESS_ANNOTATIONS]' -r
complete -c antidotectl -n "__fish_antidotectl_using_subcommand serve" -l kubernetes-untrusted-runtime-class -d 'The runtime class of `untrusted` images (`kata`, `gvisor`); unset means the cluster\'s default runtime. [env: ANTIDOTE_KUBERNETES_UNTRUSTED_RUNTIME_CLASS]' -r
complete -c antidotectl -n "__fish_antidotectl_using_subcommand serve" -l kubernetes-init-image -d 'The image of the init container that fetches the lesson\'s files (it needs `sh`, `wget` and `tar`). [env: ANTIDOTE_KUBERNETES_INIT_IMAGE] [default: busybox:1.37]' -r
complete -c antidotectl -n "__fish_antidotectl_using_subcommand serve" -l kubernetes-jupyter-image -d 'The image of jupyter guides; unset means `{images.org}/jupyter:{images.tag}`. [env: ANTIDOTE_KUBERNETES_JUPYTER_IMAGE]' -r
complete -c antidotectl -n "__fish_antidotectl_using_subcommand serve" -l kubernetes-files-url -d 'The API\'s address as lesson pods reach it (`http://antidote-api.antidote.svc:8086`): init containers fetch the lesson\'s files from its internal endpoint. [env: ANTIDOTE_KUBERNETES_FILES_URL] [default: http://antidote-api.antidote.svc:8086]' -r
complete -c antidotectl -n "__fish_antidotectl_using_subcommand serve" -l kubernetes-platform-namespace -d 'The namespace the platform\'s services run in (the API, schedulers, checkers): its pods may reach lesson pods (the schedulers probe presentations), and lesson pods may reach its API pods (to fetch their files) even without egress. [env: ANTIDOTE_KUBERNETES_PLATFORM_NAMESPACE] [default: antidote]' -r
complete -c antidotectl -n "__fish_antidotectl_using_subcommand serve" -l kubernetes-api-pod-labels -d 'The labels of the API\'s pods, as `KEY=VALUE`: the only pods of `platform_namespace` that lesson pods may reach (not the database, not the bus). [env: ANTIDOTE_KUBERNETES_API_POD_LABELS]' -r
complete -c antidotectl -n "__fish_antidotectl_using_subcommand serve" -l kubernetes-files-key -d 'The key that per-livelesson file tokens are derived from (at least 32 characters); the API and the schedulers must share it. Required by the Kubernetes backend; without it the API serves no lesson files. [env: ANTIDOTE_KUBERNETES_FILES_KEY] (prefer the variable: a flag shows in the process list)' -r
complete -c antidotectl -n "__fish_antidotectl_using_subcommand serve" -l kubernetes-cpu-request -d 'The CPU each endpoint asks for (`100m`); unset means none. [env: ANTIDOTE_KUBERNETES_CPU_REQUEST]' -r
complete -c antidotectl -n "__fish_antidotectl_using_subcommand serve" -l kubernetes-memory-request -d 'The memory each endpoint asks for (`256Mi`); unset means none. [env: ANTIDOTE_KUBERNETES_MEMORY_REQUEST]' -r
complete -c antidotectl -n "__fish_antidotectl_using_subcommand serve" -l kubernetes-cpu-limit -d 'The most CPU an endpoint may use (`2`); unset means no limit. [env: ANTIDOTE_KUBERNETES_CPU_LIMIT]' -r
complete -c antidotectl -n "__fish_antidotectl_using_subcommand serve" -l kubernetes-memory-limit -d 'The most memory an endpoint may use (`2Gi`); unset means no limit. [env: ANTIDOTE_KUBERNETES_MEMORY_LIMIT]' -r
complete -c antidotectl -n "__fish_antidotectl_using_subcommand serve" -l kubernetes-configure-timeout-ms -d 'The longest one stage\'s configuration Job may run, in milliseconds (its deadline). [env: ANTIDOTE_KUBERNETES_CONFIGURE_TIMEOUT_MS] [default: 300000]' -r
complete -c antidotectl -n "__fish_antidotectl_using_subcommand serve" -l kubernetes-probe-timeout-ms -d 'The longest one readiness probe (an SSH handshake, a TCP connect) may take, in milliseconds. [env: ANTIDOTE_KUBERNETES_PROBE_TIMEOUT_MS] [default: 2000]' -r
complete -c antidotectl -n "__fish_antidotectl_using_subcommand serve" -l kubernetes-delete-timeout-ms -d 'How long a teardown waits for the namespace to be gone, in milliseconds. [env: ANTIDOTE_KUBERNETES_DELETE_TIMEOUT_MS] [default: 120000]' -r
complete -c antidotectl -n "__fish_antidotectl_using_subcommand serve" -l checker-interval-ms -d 'How often an objective that is not complete is checked at first, in milliseconds. [env: ANTIDOTE_CHECKER_INTERVAL_MS] [default: 500]' -r
complete -c antidotectl -n "__fish_antidotectl_using_subcommand serve" -l checker-max-interval-ms -d 'The longest wait between two checks of a livelesson, in milliseconds (the interval doubles, up to this, while nothing changes). [env: ANTIDOTE_CHECKER_MAX_INTERVAL_MS] [default: 2000]' -r
complete -c antidotectl -n "__fish_antidotectl_using_subcommand serve" -l checker-lease-ms -d 'How long a replica\'s hold on a livelesson\'s checks lasts, in milliseconds (renewed every third of it while the replica lives). [env: ANTIDOTE_CHECKER_LEASE_MS] [default: 10000]' -r
complete -c antidotectl -n "__fish_antidotectl_using_subcommand serve" -l checker-concurrency -d 'How many livelessons one replica checks at once (each is held until its stage is done, so beyond this many active livelessons run more replicas). [env: ANTIDOTE_CHECKER_CONCURRENCY] [default: 1000]' -r
complete -c antidotectl -n "__fish_antidotectl_using_subcommand serve" -l checker-script-timeout-ms -d 'The longest one check may run, in milliseconds (then it is an error). [env: ANTIDOTE_CHECKER_SCRIPT_TIMEOUT_MS] [default: 30000]' -r
complete -c antidotectl -n "__fish_antidotectl_using_subcommand serve" -l gc-interval-ms -d 'How often to look for idle livelessons and sessions, in milliseconds. [env: ANTIDOTE_GC_INTERVAL_MS] [default: 30000]' -r
complete -c antidotectl -n "__fish_antidotectl_using_subcommand serve" -l gc-livelesson-ttl-ms -d 'A livelesson idle this long (milliseconds) is deleted, unless its session is persistent. [env: ANTIDOTE_GC_LIVELESSON_TTL_MS] [default: 1800000]' -r
complete -c antidotectl -n "__fish_antidotectl_using_subcommand serve" -l gc-session-ttl-ms -d 'A session idle this long (milliseconds) with no livelessons is deleted, unless it is persistent. [env: ANTIDOTE_GC_SESSION_TTL_MS] [default: 86400000]' -r
complete -c antidotectl -n "__fish_antidotectl_using_subcommand serve" -l gc-batch -d 'Most livelessons (and sessions) handled per round and replica. [env: ANTIDOTE_GC_BATCH] [default: 100]' -r
complete -c antidotectl -n "__fish_antidotectl_using_subcommand serve" -l import-max-removed-percent -d 'The largest share of the stored lessons, in percent, that an import may remove without `--allow-shrink` (an import that removes every lesson always needs it). [env: ANTIDOTE_IMPORT_MAX_REMOVED_PERCENT] [default: 50]' -r
complete -c antidotectl -n "__fish_antidotectl_using_subcommand serve" -l limits-meta-file-bytes -d 'The largest meta file (`*.meta.yaml`), in bytes, as written and as JSON once YAML aliases are expanded. [env: ANTIDOTE_LIMITS_META_FILE_BYTES] [default: 1048576]' -r
complete -c antidotectl -n "__fish_antidotectl_using_subcommand serve" -l limits-guide-bytes -d 'The largest markdown guide (any `.md` file of a lesson), in bytes. [env: ANTIDOTE_LIMITS_GUIDE_BYTES] [default: 4194304]' -r
complete -c antidotectl -n "__fish_antidotectl_using_subcommand serve" -l limits-notebook-bytes -d 'The largest Jupyter notebook (any `.ipynb` file of a lesson), in bytes. [env: ANTIDOTE_LIMITS_NOTEBOOK_BYTES] [default: 8388608]' -r
complete -c antidotectl -n "__fish_antidotectl_using_subcommand serve" -l limits-file-bytes -d 'The largest file of a lesson (configurations, scripts, pictures, ...), in bytes. [env: ANTIDOTE_LIMITS_FILE_BYTES] [default: 33554432]' -r
complete -c antidotectl -n "__fish_antidotectl_using_subcommand serve" -l limits-lesson-bytes -d 'The largest lesson: every file under its directory together, in bytes. [env: ANTIDOTE_LIMITS_LESSON_BYTES] [default: 67108864]' -r
complete -c antidotectl -n "__fish_antidotectl_using_subcommand serve" -l metrics-listen -d 'Address of a listener serving the process\'s Prometheus metrics on `/metrics` (`127.0.0.1:9186`), for services without an HTTP port of their own; unset means none (the API serves `/metrics` on its own address either way). [env: ANTIDOTE_METRICS_LISTEN]' -r
complete -c antidotectl -n "__fish_antidotectl_using_subcommand serve" -l log-format -d 'How log lines are written: `text` for people, `json` for collectors. [env: ANTIDOTE_LOG_FORMAT] [default: text]' -r
complete -c antidotectl -n "__fish_antidotectl_using_subcommand serve" -l otlp-endpoint -d 'Where traces are exported over OTLP (`http://collector:4318`); unset means `OTEL_EXPORTER_OTLP_ENDPOINT`, and without either nothing is exported. `OTEL_EXPORTER_OTLP_PROTOCOL` (`grpc`, `http/protobuf`) and `OTEL_SERVICE_NAME` are honoured. [env: ANTIDOTE_OTLP_ENDPOINT]' -r
complete -c antidotectl -n "__fish_antidotectl_using_subcommand serve" -l trace-sampling-ratio -d 'The share of traces started here that are recorded and exported (0 to 1); a trace continued from a caller follows the caller\'s choice. [env: ANTIDOTE_TRACE_SAMPLING_RATIO] [default: 1.0]' -r
complete -c antidotectl -n "__fish_antidotectl_using_subcommand serve" -l stats-refresh-ms -d 'How often the platform-wide view (livelessons by lesson, stage and status; sessions) is read from the database, in milliseconds. [env: ANTIDOTE_STATS_REFRESH_MS] [default: 5000]' -r
complete -c antidotectl -n "__fish_antidotectl_using_subcommand serve" -l stats-influx-url -d 'An InfluxDB write URL that line protocol is pushed to (`http://influxdb:8086/write?db=antidote`); unset means none. [env: ANTIDOTE_STATS_INFLUX_URL]' -r
complete -c antidotectl -n "__fish_antidotectl_using_subcommand serve" -l stats-influx-interval-ms -d 'How often line protocol is pushed, in milliseconds. [env: ANTIDOTE_STATS_INFLUX_INTERVAL_MS] [default: 10000]' -r
complete -c antidotectl -n "__fish_antidotectl_using_subcommand serve" -l allow-shrink -d 'Import even if the curriculum removes every stored lesson, or more than import.max_removed_percent of them'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand serve" -s q -l quiet -d 'Print only warnings, errors and machine output (no status lines or progress)'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand serve" -s v -l verbose -d 'Also say what each command is about to do'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand serve" -s h -l help -d 'Print help'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand serve" -s V -l version -d 'Print version'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand livelesson; and not __fish_seen_subcommand_from list kill help" -l server -d 'The Antidote API' -r
complete -c antidotectl -n "__fish_antidotectl_using_subcommand livelesson; and not __fish_seen_subcommand_from list kill help" -l token -d 'The admin bearer token' -r
complete -c antidotectl -n "__fish_antidotectl_using_subcommand livelesson; and not __fish_seen_subcommand_from list kill help" -l format -d 'human (a table on stdout) or json' -r -f -a "human\t''
json\t''"
complete -c antidotectl -n "__fish_antidotectl_using_subcommand livelesson; and not __fish_seen_subcommand_from list kill help" -s q -l quiet -d 'Print only warnings, errors and machine output (no status lines or progress)'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand livelesson; and not __fish_seen_subcommand_from list kill help" -s v -l verbose -d 'Also say what each command is about to do'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand livelesson; and not __fish_seen_subcommand_from list kill help" -s h -l help -d 'Print help'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand livelesson; and not __fish_seen_subcommand_from list kill help" -s V -l version -d 'Print version'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand livelesson; and not __fish_seen_subcommand_from list kill help" -f -a "list" -d 'List every livelesson, newest first'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand livelesson; and not __fish_seen_subcommand_from list kill help" -f -a "kill" -d 'Tear a livelesson down and delete it'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand livelesson; and not __fish_seen_subcommand_from list kill help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand livelesson; and __fish_seen_subcommand_from list" -l server -d 'The Antidote API' -r
complete -c antidotectl -n "__fish_antidotectl_using_subcommand livelesson; and __fish_seen_subcommand_from list" -l token -d 'The admin bearer token' -r
complete -c antidotectl -n "__fish_antidotectl_using_subcommand livelesson; and __fish_seen_subcommand_from list" -l format -d 'human (a table on stdout) or json' -r -f -a "human\t''
json\t''"
complete -c antidotectl -n "__fish_antidotectl_using_subcommand livelesson; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print only warnings, errors and machine output (no status lines or progress)'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand livelesson; and __fish_seen_subcommand_from list" -s v -l verbose -d 'Also say what each command is about to do'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand livelesson; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand livelesson; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand livelesson; and __fish_seen_subcommand_from kill" -l server -d 'The Antidote API' -r
complete -c antidotectl -n "__fish_antidotectl_using_subcommand livelesson; and __fish_seen_subcommand_from kill" -l token -d 'The admin bearer token' -r
complete -c antidotectl -n "__fish_antidotectl_using_subcommand livelesson; and __fish_seen_subcommand_from kill" -l format -d 'human (a table on stdout) or json' -r -f -a "human\t''
json\t''"
complete -c antidotectl -n "__fish_antidotectl_using_subcommand livelesson; and __fish_seen_subcommand_from kill" -s q -l quiet -d 'Print only warnings, errors and machine output (no status lines or progress)'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand livelesson; and __fish_seen_subcommand_from kill" -s v -l verbose -d 'Also say what each command is about to do'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand livelesson; and __fish_seen_subcommand_from kill" -s h -l help -d 'Print help'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand livelesson; and __fish_seen_subcommand_from kill" -s V -l version -d 'Print version'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand livelesson; and __fish_seen_subcommand_from help" -f -a "list" -d 'List every livelesson, newest first'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand livelesson; and __fish_seen_subcommand_from help" -f -a "kill" -d 'Tear a livelesson down and delete it'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand livelesson; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand session; and not __fish_seen_subcommand_from list persist help" -l server -d 'The Antidote API' -r
complete -c antidotectl -n "__fish_antidotectl_using_subcommand session; and not __fish_seen_subcommand_from list persist help" -l token -d 'The admin bearer token' -r
complete -c antidotectl -n "__fish_antidotectl_using_subcommand session; and not __fish_seen_subcommand_from list persist help" -l format -d 'human (a table on stdout) or json' -r -f -a "human\t''
json\t''"
complete -c antidotectl -n "__fish_antidotectl_using_subcommand session; and not __fish_seen_subcommand_from list persist help" -s q -l quiet -d 'Print only warnings, errors and machine output (no status lines or progress)'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand session; and not __fish_seen_subcommand_from list persist help" -s v -l verbose -d 'Also say what each command is about to do'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand session; and not __fish_seen_subcommand_from list persist help" -s h -l help -d 'Print help'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand session; and not __fish_seen_subcommand_from list persist help" -s V -l version -d 'Print version'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand session; and not __fish_seen_subcommand_from list persist help" -f -a "list" -d 'List every session, newest first'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand session; and not __fish_seen_subcommand_from list persist help" -f -a "persist" -d 'Keep a session and its livelessons however idle (gc skips it)'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand session; and not __fish_seen_subcommand_from list persist help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand session; and __fish_seen_subcommand_from list" -l server -d 'The Antidote API' -r
complete -c antidotectl -n "__fish_antidotectl_using_subcommand session; and __fish_seen_subcommand_from list" -l token -d 'The admin bearer token' -r
complete -c antidotectl -n "__fish_antidotectl_using_subcommand session; and __fish_seen_subcommand_from list" -l format -d 'human (a table on stdout) or json' -r -f -a "human\t''
json\t''"
complete -c antidotectl -n "__fish_antidotectl_using_subcommand session; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print only warnings, errors and machine output (no status lines or progress)'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand session; and __fish_seen_subcommand_from list" -s v -l verbose -d 'Also say what each command is about to do'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand session; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand session; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand session; and __fish_seen_subcommand_from persist" -l server -d 'The Antidote API' -r
complete -c antidotectl -n "__fish_antidotectl_using_subcommand session; and __fish_seen_subcommand_from persist" -l token -d 'The admin bearer token' -r
complete -c antidotectl -n "__fish_antidotectl_using_subcommand session; and __fish_seen_subcommand_from persist" -l format -d 'human (a table on stdout) or json' -r -f -a "human\t''
json\t''"
complete -c antidotectl -n "__fish_antidotectl_using_subcommand session; and __fish_seen_subcommand_from persist" -l off -d 'Let gc expire it again'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand session; and __fish_seen_subcommand_from persist" -s q -l quiet -d 'Print only warnings, errors and machine output (no status lines or progress)'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand session; and __fish_seen_subcommand_from persist" -s v -l verbose -d 'Also say what each command is about to do'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand session; and __fish_seen_subcommand_from persist" -s h -l help -d 'Print help'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand session; and __fish_seen_subcommand_from persist" -s V -l version -d 'Print version'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand session; and __fish_seen_subcommand_from help" -f -a "list" -d 'List every session, newest first'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand session; and __fish_seen_subcommand_from help" -f -a "persist" -d 'Keep a session and its livelessons however idle (gc skips it)'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand session; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand db; and not __fish_seen_subcommand_from init status help" -l config -d 'YAML configuration file (see docs/operations.md)' -r -F
complete -c antidotectl -n "__fish_antidotectl_using_subcommand db; and not __fish_seen_subcommand_from init status help" -l database-url -d '`sqlite://PATH` or `postgres://...`; unset means the embedded default SQLite file. [env: ANTIDOTE_DATABASE_URL]' -r
complete -c antidotectl -n "__fish_antidotectl_using_subcommand db; and not __fish_seen_subcommand_from init status help" -s q -l quiet -d 'Print only warnings, errors and machine output (no status lines or progress)'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand db; and not __fish_seen_subcommand_from init status help" -s v -l verbose -d 'Also say what each command is about to do'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand db; and not __fish_seen_subcommand_from init status help" -s h -l help -d 'Print help'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand db; and not __fish_seen_subcommand_from init status help" -s V -l version -d 'Print version'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand db; and not __fish_seen_subcommand_from init status help" -f -a "init" -d 'Drop every Antidote table and create the schema anew (deletes all data)'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand db; and not __fish_seen_subcommand_from init status help" -f -a "status" -d 'Show the schema version and the imported curriculum'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand db; and not __fish_seen_subcommand_from init status help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand db; and __fish_seen_subcommand_from init" -l config -d 'YAML configuration file (see docs/operations.md)' -r -F
complete -c antidotectl -n "__fish_antidotectl_using_subcommand db; and __fish_seen_subcommand_from init" -l database-url -d '`sqlite://PATH` or `postgres://...`; unset means the embedded default SQLite file. [env: ANTIDOTE_DATABASE_URL]' -r
complete -c antidotectl -n "__fish_antidotectl_using_subcommand db; and __fish_seen_subcommand_from init" -s y -l yes -d 'Do not ask for confirmation'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand db; and __fish_seen_subcommand_from init" -s q -l quiet -d 'Print only warnings, errors and machine output (no status lines or progress)'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand db; and __fish_seen_subcommand_from init" -s v -l verbose -d 'Also say what each command is about to do'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand db; and __fish_seen_subcommand_from init" -s h -l help -d 'Print help'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand db; and __fish_seen_subcommand_from init" -s V -l version -d 'Print version'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand db; and __fish_seen_subcommand_from status" -l format -d 'human (on stderr) or json (on stdout)' -r -f -a "human\t''
json\t''"
complete -c antidotectl -n "__fish_antidotectl_using_subcommand db; and __fish_seen_subcommand_from status" -l config -d 'YAML configuration file (see docs/operations.md)' -r -F
complete -c antidotectl -n "__fish_antidotectl_using_subcommand db; and __fish_seen_subcommand_from status" -l database-url -d '`sqlite://PATH` or `postgres://...`; unset means the embedded default SQLite file. [env: ANTIDOTE_DATABASE_URL]' -r
complete -c antidotectl -n "__fish_antidotectl_using_subcommand db; and __fish_seen_subcommand_from status" -s q -l quiet -d 'Print only warnings, errors and machine output (no status lines or progress)'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand db; and __fish_seen_subcommand_from status" -s v -l verbose -d 'Also say what each command is about to do'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand db; and __fish_seen_subcommand_from status" -s h -l help -d 'Print help'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand db; and __fish_seen_subcommand_from status" -s V -l version -d 'Print version'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand db; and __fish_seen_subcommand_from help" -f -a "init" -d 'Drop every Antidote table and create the schema anew (deletes all data)'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand db; and __fish_seen_subcommand_from help" -f -a "status" -d 'Show the schema version and the imported curriculum'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand db; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand schema" -s q -l quiet -d 'Print only warnings, errors and machine output (no status lines or progress)'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand schema" -s v -l verbose -d 'Also say what each command is about to do'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand schema" -s h -l help -d 'Print help'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand schema" -s V -l version -d 'Print version'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand completions" -s q -l quiet -d 'Print only warnings, errors and machine output (no status lines or progress)'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand completions" -s v -l verbose -d 'Also say what each command is about to do'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand completions" -s h -l help -d 'Print help'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand completions" -s V -l version -d 'Print version'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand help; and not __fish_seen_subcommand_from validate curriculum lesson collection image import serve livelesson session db schema completions help" -f -a "validate" -d 'Check a curriculum: schema, files, references; report every finding'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand help; and not __fish_seen_subcommand_from validate curriculum lesson collection image import serve livelesson session db schema completions help" -f -a "curriculum" -d 'Curricula: start a new one with the wizard'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand help; and not __fish_seen_subcommand_from validate curriculum lesson collection image import serve livelesson session db schema completions help" -f -a "lesson" -d 'Lessons: create one with the wizard, run or plan one, prove they can be solved'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand help; and not __fish_seen_subcommand_from validate curriculum lesson collection image import serve livelesson session db schema completions help" -f -a "collection" -d 'Collections: create one with the wizard'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand help; and not __fish_seen_subcommand_from validate curriculum lesson collection image import serve livelesson session db schema completions help" -f -a "image" -d 'Images: create one with the wizard'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand help; and not __fish_seen_subcommand_from validate curriculum lesson collection image import serve livelesson session db schema completions help" -f -a "import" -d 'Validate a curriculum and store it in place of the imported one'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand help; and not __fish_seen_subcommand_from validate curriculum lesson collection image import serve livelesson session db schema completions help" -f -a "serve" -d 'Run every Antidote service in one process (API, scheduler, gc) for one machine'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand help; and not __fish_seen_subcommand_from validate curriculum lesson collection image import serve livelesson session db schema completions help" -f -a "livelesson" -d 'List or kill running lessons (admin API)'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand help; and not __fish_seen_subcommand_from validate curriculum lesson collection image import serve livelesson session db schema completions help" -f -a "session" -d 'List sessions or keep one from expiring (admin API)'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand help; and not __fish_seen_subcommand_from validate curriculum lesson collection image import serve livelesson session db schema completions help" -f -a "db" -d 'Create or inspect the database'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand help; and not __fish_seen_subcommand_from validate curriculum lesson collection image import serve livelesson session db schema completions help" -f -a "schema" -d 'Print the JSON Schema of a resource file, for editors and other tools'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand help; and not __fish_seen_subcommand_from validate curriculum lesson collection image import serve livelesson session db schema completions help" -f -a "completions" -d 'Print shell completions (bash, zsh, fish, powershell, elvish)'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand help; and not __fish_seen_subcommand_from validate curriculum lesson collection image import serve livelesson session db schema completions help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand help; and __fish_seen_subcommand_from curriculum" -f -a "init" -d 'Create a new curriculum (curriculum.meta.yaml) in DIR'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand help; and __fish_seen_subcommand_from lesson" -f -a "create" -d 'Create a lesson (lesson.meta.yaml) with its files, asking for what the answers leave open'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand help; and __fish_seen_subcommand_from lesson" -f -a "run" -d 'Run a lesson on a container engine or a cluster, stage by stage, until Ctrl-C'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand help; and __fish_seen_subcommand_from lesson" -f -a "plan" -d 'Print every Kubernetes object of one livelesson of a lesson, without a cluster'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand help; and __fish_seen_subcommand_from lesson" -f -a "test" -d 'Prove lessons can be solved: objectives start incomplete and their solutions complete them'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand help; and __fish_seen_subcommand_from collection" -f -a "create" -d 'Create a collection (collection.meta.yaml) with its files, asking for what the answers leave open'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand help; and __fish_seen_subcommand_from image" -f -a "create" -d 'Create an image (image.meta.yaml) with its files, asking for what the answers leave open'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand help; and __fish_seen_subcommand_from livelesson" -f -a "list" -d 'List every livelesson, newest first'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand help; and __fish_seen_subcommand_from livelesson" -f -a "kill" -d 'Tear a livelesson down and delete it'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand help; and __fish_seen_subcommand_from session" -f -a "list" -d 'List every session, newest first'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand help; and __fish_seen_subcommand_from session" -f -a "persist" -d 'Keep a session and its livelessons however idle (gc skips it)'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand help; and __fish_seen_subcommand_from db" -f -a "init" -d 'Drop every Antidote table and create the schema anew (deletes all data)'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand help; and __fish_seen_subcommand_from db" -f -a "status" -d 'Show the schema version and the imported curriculum'
