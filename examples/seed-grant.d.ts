/**
 * The console procedure's example as code: FULL access to namespace `ns` of
 * instance `cri-123456`, with console listing, for the RAM user `alice`.
 */
import * as ros from '@alicloud/ros-cdk-core';
export declare class SeedGrantStack extends ros.Stack {
    constructor(scope: ros.Construct, id: string);
}
