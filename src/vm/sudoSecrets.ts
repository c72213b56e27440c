// The sudo password the set-up may need on the VM (to install Java): asked in a password box when the VM's
// sudo wants one, and kept in VS Code's SecretStorage only when the person chooses so (per user@host:port).
// A stored password that sudo refuses is forgotten, so the next run asks again.
import * as vscode from 'vscode';
import type { VmSecrets } from '../kafka/vm/vmTypes';

const key = (label: string): string => `kafkaDev.vm.sudo.${label}`;

export interface SudoAnswer {
  password: string;
  remember: boolean;
}

async function askSudo(label: string, prompt: string): Promise<SudoAnswer | undefined> {
  const password = await vscode.window.showInputBox({
    title: `Set Up Kafka on a VM: sudo password on ${label}`, prompt, password: true, ignoreFocusOut: true,
    validateInput: (v) => (v ? undefined : 'Enter the password sudo asks for on the VM (your login password there).'),
  });
  if (password === undefined) return undefined;
  const keep = await vscode.window.showQuickPick([
    { label: 'Use it for this set-up only', remember: false },
    { label: 'Remember it in VS Code\'s secret storage', description: `for ${label}`, remember: true },
  ], { title: 'Set Up Kafka on a VM: keep the sudo password?', ignoreFocusOut: true });
  return { password, remember: keep?.remember ?? false };
}

export class SudoSecrets {
  /** Replaceable by tests: how the sudo password is asked. */
  prompt: (label: string, prompt: string) => Promise<SudoAnswer | undefined> = askSudo;

  constructor(private readonly secrets: vscode.SecretStorage) {}

  forVm(label: string): VmSecrets {
    return {
      sudoPassword: async (prompt) => {
        const stored = await this.secrets.get(key(label));
        if (stored !== undefined) return stored;
        const a = await this.prompt(label, prompt);
        if (!a) return undefined;
        if (a.remember) await this.secrets.store(key(label), a.password);
        return a.password;
      },
    };
  }

  async forget(label: string): Promise<void> {
    await this.secrets.delete(key(label));
  }
}
