import { startSshd, type StartedSshd } from '@vplan/testing';
import { memoryHostKeyStore } from './host-key-store';
import { ProbeError } from './probe-error';
import { connectSsh, type SshConnection } from './ssh-connection';

jest.setTimeout(30_000);

describe('SshSession.run against a real sshd', () => {
  let sshd: StartedSshd;
  let connection: SshConnection;

  beforeAll(async () => {
    sshd = await startSshd();
    connection = await connectSsh(
      { host: sshd.host, port: sshd.port },
      { username: sshd.username, privateKey: sshd.clientKey },
      { hostKeys: memoryHostKeyStore(), timeoutMs: 10_000 },
    );
  });

  afterAll(async () => {
    connection?.session.close();
    await sshd?.stop();
  });

  it('returns the exit code and output of a command', async () => {
    const output = await connection.session.run('echo out; echo err >&2; exit 3', {
      timeoutMs: 5000,
    });
    expect(output).toEqual({
      code: 3,
      stdout: 'out\n',
      stderr: 'err\n',
      truncated: false,
      timedOut: false,
    });
  });

  it('stops reading at the output bound', async () => {
    const output = await connection.session.run('head -c 5000000 /dev/zero', {
      timeoutMs: 10_000,
      maxBytes: 1024 * 1024,
    });
    expect(output.truncated).toBe(true);
    expect(output.code).toBeNull();
    expect(output.stdout.length).toBe(1024 * 1024);
  });

  it('cuts off a command that runs past its time limit', async () => {
    const output = await connection.session.run('sleep 30', { timeoutMs: 300 });
    expect(output.timedOut).toBe(true);
    expect(output.code).toBeNull();
  });

  it('tells a missing tool by exit code 127', async () => {
    const output = await connection.session.run('env vplan-no-such-tool', { timeoutMs: 5000 });
    expect(output.code).toBe(127);
  });

  it('fails at stage command once the connection is gone', async () => {
    const other = await connectSsh(
      { host: sshd.host, port: sshd.port },
      { username: sshd.username, privateKey: sshd.clientKey },
      { hostKeys: memoryHostKeyStore(), timeoutMs: 10_000 },
    );
    other.session.close();
    await expect(other.session.run('true', { timeoutMs: 1000 })).rejects.toMatchObject({
      stage: 'command',
      constructor: ProbeError,
    });
  });
});
