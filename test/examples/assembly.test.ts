import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ASSEMBLY_VERSIONS, synthesizeAssembly } from '../../examples/assembly/app';

/** Every file of a folder, by name; ROS CDK names the asset bucket at random, so that name is left out. */
function filesOf(dir: string): { [name: string]: string } {
  return Object.fromEntries(fs.readdirSync(dir).sort().map((name) => [name,
    fs.readFileSync(path.join(dir, name), 'utf8').replace(/"bucketName": "cdk-[a-z0-9]+-assets-/g, '"bucketName": "cdk-(random)-assets-')]));
}

describe('examples/assembly', () => {
  let tmp: string;
  beforeAll(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cr-grants-example-assembly-'));
  });
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  // The assemblies the docs review are what ROS CDK writes for examples/assembly/app.ts
  // (`npx ts-node examples/assembly/app.ts` writes them again).
  test.each(ASSEMBLY_VERSIONS)('%s/ is what the app synthesizes', (version) => {
    const outdir = path.join(tmp, version);
    synthesizeAssembly(version, outdir);
    expect(filesOf(path.join(__dirname, '..', '..', 'examples', 'assembly', version))).toEqual(filesOf(outdir));
  });
});
