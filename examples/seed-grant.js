"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.SeedGrantStack = void 0;
/**
 * The console procedure's example as code: FULL access to namespace `ns` of
 * instance `cri-123456`, with console listing, for the RAM user `alice`.
 */
const ros = require("@alicloud/ros-cdk-core");
const lib_1 = require("../lib");
class SeedGrantStack extends ros.Stack {
    constructor(scope, id) {
        super(scope, id);
        new lib_1.NamespaceGrant(this, 'NsFull', {
            instanceId: 'cri-123456',
            namespace: 'ns',
            access: lib_1.NamespaceAccess.FULL,
            users: ['alice'],
        });
    }
}
exports.SeedGrantStack = SeedGrantStack;
//# sourceMappingURL=data:application/json;base64,eyJ2ZXJzaW9uIjozLCJmaWxlIjoic2VlZC1ncmFudC5qcyIsInNvdXJjZVJvb3QiOiIiLCJzb3VyY2VzIjpbInNlZWQtZ3JhbnQudHMiXSwibmFtZXMiOltdLCJtYXBwaW5ncyI6Ijs7O0FBQUE7OztHQUdHO0FBQ0gsOENBQThDO0FBQzlDLGdDQUF5RDtBQUV6RCxNQUFhLGNBQWUsU0FBUSxHQUFHLENBQUMsS0FBSztJQUMzQyxZQUFZLEtBQW9CLEVBQUUsRUFBVTtRQUMxQyxLQUFLLENBQUMsS0FBSyxFQUFFLEVBQUUsQ0FBQyxDQUFDO1FBQ2pCLElBQUksb0JBQWMsQ0FBQyxJQUFJLEVBQUUsUUFBUSxFQUFFO1lBQ2pDLFVBQVUsRUFBRSxZQUFZO1lBQ3hCLFNBQVMsRUFBRSxJQUFJO1lBQ2YsTUFBTSxFQUFFLHFCQUFlLENBQUMsSUFBSTtZQUM1QixLQUFLLEVBQUUsQ0FBQyxPQUFPLENBQUM7U0FDakIsQ0FBQyxDQUFDO0lBQ0wsQ0FBQztDQUNGO0FBVkQsd0NBVUMiLCJzb3VyY2VzQ29udGVudCI6WyIvKipcbiAqIFRoZSBjb25zb2xlIHByb2NlZHVyZSdzIGV4YW1wbGUgYXMgY29kZTogRlVMTCBhY2Nlc3MgdG8gbmFtZXNwYWNlIGBuc2Agb2ZcbiAqIGluc3RhbmNlIGBjcmktMTIzNDU2YCwgd2l0aCBjb25zb2xlIGxpc3RpbmcsIGZvciB0aGUgUkFNIHVzZXIgYGFsaWNlYC5cbiAqL1xuaW1wb3J0ICogYXMgcm9zIGZyb20gJ0BhbGljbG91ZC9yb3MtY2RrLWNvcmUnO1xuaW1wb3J0IHsgTmFtZXNwYWNlQWNjZXNzLCBOYW1lc3BhY2VHcmFudCB9IGZyb20gJy4uL2xpYic7XG5cbmV4cG9ydCBjbGFzcyBTZWVkR3JhbnRTdGFjayBleHRlbmRzIHJvcy5TdGFjayB7XG4gIGNvbnN0cnVjdG9yKHNjb3BlOiByb3MuQ29uc3RydWN0LCBpZDogc3RyaW5nKSB7XG4gICAgc3VwZXIoc2NvcGUsIGlkKTtcbiAgICBuZXcgTmFtZXNwYWNlR3JhbnQodGhpcywgJ05zRnVsbCcsIHtcbiAgICAgIGluc3RhbmNlSWQ6ICdjcmktMTIzNDU2JyxcbiAgICAgIG5hbWVzcGFjZTogJ25zJyxcbiAgICAgIGFjY2VzczogTmFtZXNwYWNlQWNjZXNzLkZVTEwsXG4gICAgICB1c2VyczogWydhbGljZSddLFxuICAgIH0pO1xuICB9XG59XG4iXX0=