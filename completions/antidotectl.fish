# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_antidotectl_global_optspecs
    string join \n h/help V/version
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

complete -c antidotectl -n "__fish_antidotectl_needs_command" -s h -l help -d 'Print help'
complete -c antidotectl -n "__fish_antidotectl_needs_command" -s V -l version -d 'Print version'
complete -c antidotectl -n "__fish_antidotectl_needs_command" -f -a "validate" -d 'Check a curriculum: schema, files, references; report every finding'
complete -c antidotectl -n "__fish_antidotectl_needs_command" -f -a "curriculum" -d 'Curricula: start a new one with the wizard'
complete -c antidotectl -n "__fish_antidotectl_needs_command" -f -a "lesson" -d 'Lessons: create one with the wizard'
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
complete -c antidotectl -n "__fish_antidotectl_using_subcommand validate" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand validate" -s V -l version -d 'Print version'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand curriculum; and not __fish_seen_subcommand_from init help" -s h -l help -d 'Print help'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand curriculum; and not __fish_seen_subcommand_from init help" -s V -l version -d 'Print version'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand curriculum; and not __fish_seen_subcommand_from init help" -f -a "init" -d 'Create a new curriculum (curriculum.meta.yaml) in DIR'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand curriculum; and not __fish_seen_subcommand_from init help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand curriculum; and __fish_seen_subcommand_from init" -l answers -d 'Answers in a YAML file of the same shape as curriculum.meta.yaml' -r -F
complete -c antidotectl -n "__fish_antidotectl_using_subcommand curriculum; and __fish_seen_subcommand_from init" -l set -d 'One answer; KEY is a dotted path, list items by index from 0 (e.g. endpoints.0.image=utility); repeatable, applied after --answers' -r
complete -c antidotectl -n "__fish_antidotectl_using_subcommand curriculum; and __fish_seen_subcommand_from init" -l no-input -d 'Never prompt: fail listing every missing answer instead'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand curriculum; and __fish_seen_subcommand_from init" -l force -d 'Overwrite files that exist already'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand curriculum; and __fish_seen_subcommand_from init" -s h -l help -d 'Print help'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand curriculum; and __fish_seen_subcommand_from init" -s V -l version -d 'Print version'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand curriculum; and __fish_seen_subcommand_from help" -f -a "init" -d 'Create a new curriculum (curriculum.meta.yaml) in DIR'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand curriculum; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand lesson; and not __fish_seen_subcommand_from create help" -s h -l help -d 'Print help'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand lesson; and not __fish_seen_subcommand_from create help" -s V -l version -d 'Print version'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand lesson; and not __fish_seen_subcommand_from create help" -f -a "create" -d 'Create a lesson (lesson.meta.yaml) with its files, asking for what the answers leave open'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand lesson; and not __fish_seen_subcommand_from create help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand lesson; and __fish_seen_subcommand_from create" -s C -l curriculum -d 'The curriculum\'s root directory' -r -F
complete -c antidotectl -n "__fish_antidotectl_using_subcommand lesson; and __fish_seen_subcommand_from create" -l answers -d 'Answers in a YAML file of the same shape as lesson.meta.yaml' -r -F
complete -c antidotectl -n "__fish_antidotectl_using_subcommand lesson; and __fish_seen_subcommand_from create" -l set -d 'One answer; KEY is a dotted path, list items by index from 0 (e.g. endpoints.0.image=utility); repeatable, applied after --answers' -r
complete -c antidotectl -n "__fish_antidotectl_using_subcommand lesson; and __fish_seen_subcommand_from create" -l napalm-driver -d 'The NAPALM driver of a napalm-configured endpoint (junos, eos, iosxr, nxos, nxos_ssh, ios): names its configuration files; repeatable' -r
complete -c antidotectl -n "__fish_antidotectl_using_subcommand lesson; and __fish_seen_subcommand_from create" -l no-input -d 'Never prompt: fail listing every missing answer instead'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand lesson; and __fish_seen_subcommand_from create" -l force -d 'Overwrite files that exist already'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand lesson; and __fish_seen_subcommand_from create" -s h -l help -d 'Print help'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand lesson; and __fish_seen_subcommand_from create" -s V -l version -d 'Print version'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand lesson; and __fish_seen_subcommand_from help" -f -a "create" -d 'Create a lesson (lesson.meta.yaml) with its files, asking for what the answers leave open'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand lesson; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand collection; and not __fish_seen_subcommand_from create help" -s h -l help -d 'Print help'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand collection; and not __fish_seen_subcommand_from create help" -s V -l version -d 'Print version'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand collection; and not __fish_seen_subcommand_from create help" -f -a "create" -d 'Create a collection (collection.meta.yaml) with its files, asking for what the answers leave open'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand collection; and not __fish_seen_subcommand_from create help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand collection; and __fish_seen_subcommand_from create" -s C -l curriculum -d 'The curriculum\'s root directory' -r -F
complete -c antidotectl -n "__fish_antidotectl_using_subcommand collection; and __fish_seen_subcommand_from create" -l answers -d 'Answers in a YAML file of the same shape as collection.meta.yaml' -r -F
complete -c antidotectl -n "__fish_antidotectl_using_subcommand collection; and __fish_seen_subcommand_from create" -l set -d 'One answer; KEY is a dotted path, list items by index from 0 (e.g. endpoints.0.image=utility); repeatable, applied after --answers' -r
complete -c antidotectl -n "__fish_antidotectl_using_subcommand collection; and __fish_seen_subcommand_from create" -l no-input -d 'Never prompt: fail listing every missing answer instead'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand collection; and __fish_seen_subcommand_from create" -l force -d 'Overwrite files that exist already'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand collection; and __fish_seen_subcommand_from create" -s h -l help -d 'Print help'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand collection; and __fish_seen_subcommand_from create" -s V -l version -d 'Print version'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand collection; and __fish_seen_subcommand_from help" -f -a "create" -d 'Create a collection (collection.meta.yaml) with its files, asking for what the answers leave open'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand collection; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand image; and not __fish_seen_subcommand_from create help" -s h -l help -d 'Print help'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand image; and not __fish_seen_subcommand_from create help" -s V -l version -d 'Print version'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand image; and not __fish_seen_subcommand_from create help" -f -a "create" -d 'Create an image (image.meta.yaml) with its files, asking for what the answers leave open'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand image; and not __fish_seen_subcommand_from create help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand image; and __fish_seen_subcommand_from create" -s C -l curriculum -d 'The curriculum\'s root directory' -r -F
complete -c antidotectl -n "__fish_antidotectl_using_subcommand image; and __fish_seen_subcommand_from create" -l answers -d 'Answers in a YAML file of the same shape as image.meta.yaml' -r -F
complete -c antidotectl -n "__fish_antidotectl_using_subcommand image; and __fish_seen_subcommand_from create" -l set -d 'One answer; KEY is a dotted path, list items by index from 0 (e.g. endpoints.0.image=utility); repeatable, applied after --answers' -r
complete -c antidotectl -n "__fish_antidotectl_using_subcommand image; and __fish_seen_subcommand_from create" -l no-input -d 'Never prompt: fail listing every missing answer instead'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand image; and __fish_seen_subcommand_from create" -l force -d 'Overwrite files that exist already'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand image; and __fish_seen_subcommand_from create" -s h -l help -d 'Print help'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand image; and __fish_seen_subcommand_from create" -s V -l version -d 'Print version'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand image; and __fish_seen_subcommand_from help" -f -a "create" -d 'Create an image (image.meta.yaml) with its files, asking for what the answers leave open'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand image; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand import" -l ref -d 'Branch, tag or commit to import (git sources)' -r
complete -c antidotectl -n "__fish_antidotectl_using_subcommand import" -l tier -d 'Leave out lessons and collections less public than TIER (local: import everything)' -r -f -a "prod\t''
ptr\t''
local\t''"
complete -c antidotectl -n "__fish_antidotectl_using_subcommand import" -l database-url -d 'sqlite://PATH or postgres://... (default: a SQLite file in $XDG_DATA_HOME/antidote/)' -r
complete -c antidotectl -n "__fish_antidotectl_using_subcommand import" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand import" -s V -l version -d 'Print version'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand serve" -s C -l curriculum -d 'Import this curriculum (directory or git source) before serving' -r
complete -c antidotectl -n "__fish_antidotectl_using_subcommand serve" -l listen -d 'Address for the API [default: 127.0.0.1:8086]' -r
complete -c antidotectl -n "__fish_antidotectl_using_subcommand serve" -l config -d 'YAML configuration file' -r -F
complete -c antidotectl -n "__fish_antidotectl_using_subcommand serve" -l tier -d 'Most private tier served [default: local]' -r -f -a "prod\t''
ptr\t''
local\t''"
complete -c antidotectl -n "__fish_antidotectl_using_subcommand serve" -l database-url -d 'sqlite://PATH or postgres://... (default: a SQLite file in $XDG_DATA_HOME/antidote/)' -r
complete -c antidotectl -n "__fish_antidotectl_using_subcommand serve" -s h -l help -d 'Print help'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand serve" -s V -l version -d 'Print version'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand livelesson; and not __fish_seen_subcommand_from list kill help" -l server -d 'The Antidote API' -r
complete -c antidotectl -n "__fish_antidotectl_using_subcommand livelesson; and not __fish_seen_subcommand_from list kill help" -l token -d 'The admin bearer token' -r
complete -c antidotectl -n "__fish_antidotectl_using_subcommand livelesson; and not __fish_seen_subcommand_from list kill help" -l format -d 'human (a table on stdout) or json' -r -f -a "human\t''
json\t''"
complete -c antidotectl -n "__fish_antidotectl_using_subcommand livelesson; and not __fish_seen_subcommand_from list kill help" -s h -l help -d 'Print help'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand livelesson; and not __fish_seen_subcommand_from list kill help" -s V -l version -d 'Print version'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand livelesson; and not __fish_seen_subcommand_from list kill help" -f -a "list" -d 'List every livelesson, newest first'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand livelesson; and not __fish_seen_subcommand_from list kill help" -f -a "kill" -d 'Tear a livelesson down and delete it'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand livelesson; and not __fish_seen_subcommand_from list kill help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand livelesson; and __fish_seen_subcommand_from list" -l server -d 'The Antidote API' -r
complete -c antidotectl -n "__fish_antidotectl_using_subcommand livelesson; and __fish_seen_subcommand_from list" -l token -d 'The admin bearer token' -r
complete -c antidotectl -n "__fish_antidotectl_using_subcommand livelesson; and __fish_seen_subcommand_from list" -l format -d 'human (a table on stdout) or json' -r -f -a "human\t''
json\t''"
complete -c antidotectl -n "__fish_antidotectl_using_subcommand livelesson; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand livelesson; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand livelesson; and __fish_seen_subcommand_from kill" -l server -d 'The Antidote API' -r
complete -c antidotectl -n "__fish_antidotectl_using_subcommand livelesson; and __fish_seen_subcommand_from kill" -l token -d 'The admin bearer token' -r
complete -c antidotectl -n "__fish_antidotectl_using_subcommand livelesson; and __fish_seen_subcommand_from kill" -l format -d 'human (a table on stdout) or json' -r -f -a "human\t''
json\t''"
complete -c antidotectl -n "__fish_antidotectl_using_subcommand livelesson; and __fish_seen_subcommand_from kill" -s h -l help -d 'Print help'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand livelesson; and __fish_seen_subcommand_from kill" -s V -l version -d 'Print version'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand livelesson; and __fish_seen_subcommand_from help" -f -a "list" -d 'List every livelesson, newest first'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand livelesson; and __fish_seen_subcommand_from help" -f -a "kill" -d 'Tear a livelesson down and delete it'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand livelesson; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand session; and not __fish_seen_subcommand_from list persist help" -l server -d 'The Antidote API' -r
complete -c antidotectl -n "__fish_antidotectl_using_subcommand session; and not __fish_seen_subcommand_from list persist help" -l token -d 'The admin bearer token' -r
complete -c antidotectl -n "__fish_antidotectl_using_subcommand session; and not __fish_seen_subcommand_from list persist help" -l format -d 'human (a table on stdout) or json' -r -f -a "human\t''
json\t''"
complete -c antidotectl -n "__fish_antidotectl_using_subcommand session; and not __fish_seen_subcommand_from list persist help" -s h -l help -d 'Print help'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand session; and not __fish_seen_subcommand_from list persist help" -s V -l version -d 'Print version'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand session; and not __fish_seen_subcommand_from list persist help" -f -a "list" -d 'List every session, newest first'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand session; and not __fish_seen_subcommand_from list persist help" -f -a "persist" -d 'Keep a session and its livelessons however idle (gc skips it)'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand session; and not __fish_seen_subcommand_from list persist help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand session; and __fish_seen_subcommand_from list" -l server -d 'The Antidote API' -r
complete -c antidotectl -n "__fish_antidotectl_using_subcommand session; and __fish_seen_subcommand_from list" -l token -d 'The admin bearer token' -r
complete -c antidotectl -n "__fish_antidotectl_using_subcommand session; and __fish_seen_subcommand_from list" -l format -d 'human (a table on stdout) or json' -r -f -a "human\t''
json\t''"
complete -c antidotectl -n "__fish_antidotectl_using_subcommand session; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand session; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand session; and __fish_seen_subcommand_from persist" -l server -d 'The Antidote API' -r
complete -c antidotectl -n "__fish_antidotectl_using_subcommand session; and __fish_seen_subcommand_from persist" -l token -d 'The admin bearer token' -r
complete -c antidotectl -n "__fish_antidotectl_using_subcommand session; and __fish_seen_subcommand_from persist" -l format -d 'human (a table on stdout) or json' -r -f -a "human\t''
json\t''"
complete -c antidotectl -n "__fish_antidotectl_using_subcommand session; and __fish_seen_subcommand_from persist" -l off -d 'Let gc expire it again'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand session; and __fish_seen_subcommand_from persist" -s h -l help -d 'Print help'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand session; and __fish_seen_subcommand_from persist" -s V -l version -d 'Print version'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand session; and __fish_seen_subcommand_from help" -f -a "list" -d 'List every session, newest first'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand session; and __fish_seen_subcommand_from help" -f -a "persist" -d 'Keep a session and its livelessons however idle (gc skips it)'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand session; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand db; and not __fish_seen_subcommand_from init status help" -l database-url -d 'sqlite://PATH or postgres://... (default: a SQLite file in $XDG_DATA_HOME/antidote/)' -r
complete -c antidotectl -n "__fish_antidotectl_using_subcommand db; and not __fish_seen_subcommand_from init status help" -s h -l help -d 'Print help'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand db; and not __fish_seen_subcommand_from init status help" -s V -l version -d 'Print version'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand db; and not __fish_seen_subcommand_from init status help" -f -a "init" -d 'Drop every Antidote table and create the schema anew (deletes all data)'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand db; and not __fish_seen_subcommand_from init status help" -f -a "status" -d 'Show the schema version and the imported curriculum'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand db; and not __fish_seen_subcommand_from init status help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand db; and __fish_seen_subcommand_from init" -l database-url -d 'sqlite://PATH or postgres://... (default: a SQLite file in $XDG_DATA_HOME/antidote/)' -r
complete -c antidotectl -n "__fish_antidotectl_using_subcommand db; and __fish_seen_subcommand_from init" -s y -l yes -d 'Do not ask for confirmation'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand db; and __fish_seen_subcommand_from init" -s h -l help -d 'Print help'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand db; and __fish_seen_subcommand_from init" -s V -l version -d 'Print version'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand db; and __fish_seen_subcommand_from status" -l format -d 'human (on stderr) or json (on stdout)' -r -f -a "human\t''
json\t''"
complete -c antidotectl -n "__fish_antidotectl_using_subcommand db; and __fish_seen_subcommand_from status" -l database-url -d 'sqlite://PATH or postgres://... (default: a SQLite file in $XDG_DATA_HOME/antidote/)' -r
complete -c antidotectl -n "__fish_antidotectl_using_subcommand db; and __fish_seen_subcommand_from status" -s h -l help -d 'Print help'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand db; and __fish_seen_subcommand_from status" -s V -l version -d 'Print version'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand db; and __fish_seen_subcommand_from help" -f -a "init" -d 'Drop every Antidote table and create the schema anew (deletes all data)'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand db; and __fish_seen_subcommand_from help" -f -a "status" -d 'Show the schema version and the imported curriculum'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand db; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand schema" -s h -l help -d 'Print help'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand schema" -s V -l version -d 'Print version'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand completions" -s h -l help -d 'Print help'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand completions" -s V -l version -d 'Print version'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand help; and not __fish_seen_subcommand_from validate curriculum lesson collection image import serve livelesson session db schema completions help" -f -a "validate" -d 'Check a curriculum: schema, files, references; report every finding'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand help; and not __fish_seen_subcommand_from validate curriculum lesson collection image import serve livelesson session db schema completions help" -f -a "curriculum" -d 'Curricula: start a new one with the wizard'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand help; and not __fish_seen_subcommand_from validate curriculum lesson collection image import serve livelesson session db schema completions help" -f -a "lesson" -d 'Lessons: create one with the wizard'
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
complete -c antidotectl -n "__fish_antidotectl_using_subcommand help; and __fish_seen_subcommand_from collection" -f -a "create" -d 'Create a collection (collection.meta.yaml) with its files, asking for what the answers leave open'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand help; and __fish_seen_subcommand_from image" -f -a "create" -d 'Create an image (image.meta.yaml) with its files, asking for what the answers leave open'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand help; and __fish_seen_subcommand_from livelesson" -f -a "list" -d 'List every livelesson, newest first'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand help; and __fish_seen_subcommand_from livelesson" -f -a "kill" -d 'Tear a livelesson down and delete it'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand help; and __fish_seen_subcommand_from session" -f -a "list" -d 'List every session, newest first'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand help; and __fish_seen_subcommand_from session" -f -a "persist" -d 'Keep a session and its livelessons however idle (gc skips it)'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand help; and __fish_seen_subcommand_from db" -f -a "init" -d 'Drop every Antidote table and create the schema anew (deletes all data)'
complete -c antidotectl -n "__fish_antidotectl_using_subcommand help; and __fish_seen_subcommand_from db" -f -a "status" -d 'Show the schema version and the imported curriculum'
