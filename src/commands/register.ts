// The one wrapper every Kafka Dev command is registered with, so that all of them treat errors alike
// (the idea of VS Code's git command center and of Confluent's registerCommandWithLogging):
// - run from the UI (a tree row, the palette, a keybinding): an error becomes one notification,
//   "<command title>: <what went wrong>", in the words of the error classifier, and is logged;
// - run with an argument object (tests, scripts, another command): the error is logged and rethrown to the
//   caller, who asked for exactly that and handles it; nothing pops up;
// - a cancelled operation says nothing.
import * as vscode from 'vscode';
import { describeKafkaError } from '../kafka/client/errors';
import { Services } from '../services';
import { isClusterRef, isRequest, isTreeNode } from './targets';

/** The bootstrap servers the arguments point at, for "(tried …)" in Kafka error messages. */
function triedOf(services: Services, args: unknown[]): string | undefined {
  for (const a of args) {
    const c = isTreeNode(a) ? a.cluster : isClusterRef(a) ? services.clusters.get(a.clusterId) : undefined;
    if (c) return c.bootstrapServers.join(', ');
  }
  return undefined;
}

const isCancellation = (e: unknown): boolean => e instanceof vscode.CancellationError || (e instanceof Error && e.name === 'Canceled');

/** The sentence a person sees for an error of `title`. */
export function commandErrorMessage(title: string, e: unknown, tried?: string): string {
  return `${title}: ${describeKafkaError(e, tried).message}`;
}

/**
 * Registers `id` (its title as in package.json, without "Kafka: ") with the shared error policy and adds
 * it to the extension's subscriptions.
 */
export function registerCommand<A extends unknown[], R>(services: Services, id: string, title: string, run: (...args: A) => R | Promise<R>): void {
  const handler = async (...args: A): Promise<R | undefined> => {
    try {
      return await run(...args);
    } catch (e) {
      if (isCancellation(e)) return undefined;
      const message = commandErrorMessage(title, e, triedOf(services, args));
      services.log.error(`${id}: ${message}`);
      if (args.some(isRequest)) throw e;
      void vscode.window.showErrorMessage(message);
      return undefined;
    }
  };
  services.context.subscriptions.push(vscode.commands.registerCommand(id, handler as (...args: unknown[]) => unknown));
}
