
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
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('validate', 'validate', [CompletionResultType]::ParameterValue, 'Check a curriculum: schema, files, references; report every finding')
            [CompletionResult]::new('curriculum', 'curriculum', [CompletionResultType]::ParameterValue, 'Curricula: start a new one with the wizard')
            [CompletionResult]::new('lesson', 'lesson', [CompletionResultType]::ParameterValue, 'Lessons: create one with the wizard')
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
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'antidotectl;curriculum' {
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
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create a lesson (lesson.meta.yaml) with its files, asking for what the answers leave open')
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
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'antidotectl;lesson;help' {
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create a lesson (lesson.meta.yaml) with its files, asking for what the answers leave open')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'antidotectl;lesson;help;create' {
            break
        }
        'antidotectl;lesson;help;help' {
            break
        }
        'antidotectl;collection' {
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
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'sqlite://PATH or postgres://... (default: a SQLite file in $XDG_DATA_HOME/antidote/)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'antidotectl;serve' {
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Import this curriculum (directory or git source) before serving')
            [CompletionResult]::new('--curriculum', '--curriculum', [CompletionResultType]::ParameterName, 'Import this curriculum (directory or git source) before serving')
            [CompletionResult]::new('--listen', '--listen', [CompletionResultType]::ParameterName, 'Address for the API [default: 127.0.0.1:8086]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'YAML configuration file')
            [CompletionResult]::new('--tier', '--tier', [CompletionResultType]::ParameterName, 'Most private tier served [default: local]')
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'sqlite://PATH or postgres://... (default: a SQLite file in $XDG_DATA_HOME/antidote/)')
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
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'sqlite://PATH or postgres://... (default: a SQLite file in $XDG_DATA_HOME/antidote/)')
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
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'sqlite://PATH or postgres://... (default: a SQLite file in $XDG_DATA_HOME/antidote/)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'antidotectl;db;status' {
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'human (on stderr) or json (on stdout)')
            [CompletionResult]::new('--database-url', '--database-url', [CompletionResultType]::ParameterName, 'sqlite://PATH or postgres://... (default: a SQLite file in $XDG_DATA_HOME/antidote/)')
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
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'antidotectl;completions' {
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'antidotectl;help' {
            [CompletionResult]::new('validate', 'validate', [CompletionResultType]::ParameterValue, 'Check a curriculum: schema, files, references; report every finding')
            [CompletionResult]::new('curriculum', 'curriculum', [CompletionResultType]::ParameterValue, 'Curricula: start a new one with the wizard')
            [CompletionResult]::new('lesson', 'lesson', [CompletionResultType]::ParameterValue, 'Lessons: create one with the wizard')
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
            break
        }
        'antidotectl;help;lesson;create' {
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
