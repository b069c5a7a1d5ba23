import type { AddressInfo } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';

export interface MailServer {
  /** Every message received, parsed as a mail client would. */
  mails: ParsedMail[];
  server: SMTPServer;
  /** Listens on a free loopback port; returns the SMTP_URL for it. */
  start(): Promise<string>;
  close(): Promise<void>;
}

/**
 * A real SMTP server on loopback that parses every message into `mails`. `options` add to
 * the server's own (e.g. an `onRcptTo` that refuses some addresses).
 */
export function mailServer(options: SMTPServerOptions = {}): MailServer {
  const mails: ParsedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, cb) {
      simpleParser(stream)
        .then((m) => mails.push(m))
        .then(() => cb(), cb);
    },
    ...options,
  });
  return {
    mails,
    server,
    async start() {
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      return `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/**
 * A real SMTP server on loopback that keeps nothing: it hands each message's recipients to
 * `onMessage` and answers `delayMs` later (0: at once, a sink for benchmarks; more: a provider
 * that takes its time, so sends are in flight when a worker is killed). A killed client resets
 * its connection: errors are ignored.
 */
export function sinkSmtp(delayMs: number, onMessage: (recipients: string[]) => void): MailServer {
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      stream.resume();
      stream.on('end', () => {
        onMessage(session.envelope.rcptTo.map((r) => r.address));
        if (delayMs) setTimeout(() => callback(), delayMs);
        else callback();
      });
    },
  });
  server.on('error', () => {});
  return {
    mails: [],
    server,
    async start() {
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      return `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
