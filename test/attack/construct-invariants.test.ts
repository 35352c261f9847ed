/**
 * Invariants in a grants file must not be dropped silently by any construct that reads the file.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as ros from '@alicloud/ros-cdk-core';
import { RegistryAccessStacks } from '../../lib';

const GRANTS = `version: 1
grants:
  - instanceId: cri-123456
    namespace: prod
    access: FULL
    groups: [platform]
invariants:
  - never: [cr:DeleteNamespace, cr:DeleteRepository]
    on: cri-123456/prod
    except: [group:registry-owners]
`;

test('RegistryAccessStacks.fromFile enforces (or refuses) the file\'s invariants section', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crg-attack-'));
  const file = path.join(dir, 'grants.yaml');
  fs.writeFileSync(file, GRANTS);
  const outcome = () => {
    const app = new ros.App({ stackTraces: false, outdir: path.join(dir, 'out') });
    RegistryAccessStacks.fromFile(app, 'Registry', file);
    app.synth();
  };
  expect(outcome).toThrow(/invariant/);
});
