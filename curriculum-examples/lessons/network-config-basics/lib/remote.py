"""Run a command on an endpoint of the lesson over SSH, from a check or a solution.

Checks and solutions run in the lesson's checker container, not on the endpoints. Antidote
gives them, for every endpoint NAME (upper-cased, `-` as `_`), ANTIDOTE_NAME_HOST,
ANTIDOTE_NAME_PORT, ANTIDOTE_NAME_USERNAME and ANTIDOTE_NAME_PASSWORD. This helper uses
paramiko when the image has it, and otherwise the ssh client with the password typed at its
prompt through a pseudo-terminal (the standard library only).
"""

import os
import pty
import sys


def _endpoint(name):
    key = "".join(c.upper() if c.isalnum() else "_" for c in name)
    env = os.environ
    return (
        env[f"ANTIDOTE_{key}_HOST"],
        int(env[f"ANTIDOTE_{key}_PORT"]),
        env[f"ANTIDOTE_{key}_USERNAME"],
        env[f"ANTIDOTE_{key}_PASSWORD"],
    )


def _unreachable(name, why):
    print(f"cannot reach {name}: {why}", file=sys.stderr)
    sys.exit(2)


def run(name, command):
    """Runs `command` on endpoint `name`; returns its exit code and output. An endpoint that
    cannot be reached ends the script with exit 2 (an error, not an incomplete objective)."""
    host, port, user, password = _endpoint(name)
    try:
        import paramiko
    except ImportError:
        paramiko = None
    if paramiko is not None:
        client = paramiko.SSHClient()
        client.set_missing_host_key_policy(paramiko.AutoAddPolicy())
        try:
            client.connect(host, port=port, username=user, password=password, timeout=10)
        except Exception as e:  # noqa: BLE001 - any failure to connect is the same error
            _unreachable(name, e)
        _, stdout, _ = client.exec_command(command)
        output = stdout.read().decode()
        return stdout.channel.recv_exit_status(), output
    pid, fd = pty.fork()
    if pid == 0:
        os.execvp(
            "ssh",
            ["ssh", "-p", str(port), "-o", "StrictHostKeyChecking=no",
             "-o", "UserKnownHostsFile=/dev/null", "-o", "ConnectTimeout=10",
             "-o", "LogLevel=ERROR", f"{user}@{host}", command],
        )
    seen, sent = b"", False
    while True:
        try:
            data = os.read(fd, 1024)
        except OSError:
            break
        if not data:
            break
        seen += data
        if not sent and b"assword:" in seen:
            os.write(fd, (password + "\n").encode())
            sent, seen = True, b""
    _, status = os.waitpid(pid, 0)
    code = os.waitstatus_to_exitcode(status)
    if code == 255:
        _unreachable(name, seen.decode(errors="replace").strip())
    return code, seen.decode(errors="replace")
