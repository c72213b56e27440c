// The shared services every feature folder receives at activation; also what activate() returns,
// so extension-host tests can reach the same objects the UI uses.
import * as vscode from 'vscode';
import { ClusterStore } from './clusters/clusterStore';
import { ConnectionManager } from './clusters/connections';

export interface Services {
  readonly context: vscode.ExtensionContext;
  readonly clusters: ClusterStore;
  readonly connections: ConnectionManager;
  readonly log: vscode.LogOutputChannel;
}
