/**
 * Least privilege, read from the packaged template: every function runs with its own role, and each role
 * holds exactly the statements below, on exactly these resources (in the example stage's account).
 */

import { evaluate, packagedTemplate, resourcesOfType, type Template } from './support/template';

const template = packagedTemplate();

const ACCOUNT = 'us-east-1:123456789012';
const CLUSTER = `arn:aws:kafka:${ACCOUNT}:cluster/orders/0a1b2c3d-4e5f-6789-abcd-ef0123456789-1`;
const KAFKA = `arn:aws:kafka:${ACCOUNT}`;
const CLUSTER_PATH = 'orders/0a1b2c3d-4e5f-6789-abcd-ef0123456789-1';
const table = (name: string) => `arn:aws:dynamodb:${ACCOUNT}:table/order-system-prod-${name}`;
const logGroup = (fn: string) => `arn:aws:logs:${ACCOUNT}:log-group:/aws/lambda/order-system-prod-${fn}:*`;

const logs = (fn: string) => ({
  actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
  resources: [logGroup(fn)],
});
const vpcDescribe = { actions: ['ec2:DescribeNetworkInterfaces', 'ec2:DescribeSubnets'], resources: ['*'] };
const vpcInterfaces = {
  actions: [
    'ec2:AssignPrivateIpAddresses',
    'ec2:CreateNetworkInterface',
    'ec2:DeleteNetworkInterface',
    'ec2:UnassignPrivateIpAddresses',
  ],
  resources: [`arn:aws:ec2:${ACCOUNT}:*/*`],
};

interface Grant {
  actions: string[];
  resources: string[];
  condition?: unknown;
}

const EXPECTED: Record<string, Grant[]> = {
  createUser: [
    logs('createUser'),
    { actions: ['dynamodb:GetItem', 'dynamodb:PutItem'], resources: [table('users')] },
  ],
  getUser: [logs('getUser'), { actions: ['dynamodb:GetItem'], resources: [table('users')] }],
  createOrder: [
    logs('createOrder'),
    { actions: ['dynamodb:PutItem', 'dynamodb:UpdateItem'], resources: [table('orders')] },
    {
      actions: ['dynamodb:DeleteItem', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
      resources: [table('idempotency')],
    },
    { actions: ['kafka-cluster:Connect', 'kafka-cluster:WriteDataIdempotently'], resources: [CLUSTER] },
    {
      actions: ['kafka-cluster:DescribeTopic', 'kafka-cluster:WriteData'],
      resources: [`${KAFKA}:topic/${CLUSTER_PATH}/order-events`],
    },
    vpcDescribe,
    vpcInterfaces,
  ],
  outboxRelay: [
    logs('outboxRelay'),
    { actions: ['dynamodb:Query'], resources: [`${table('orders')}/index/pendingEvents`] },
    { actions: ['dynamodb:UpdateItem'], resources: [table('orders')] },
    { actions: ['kafka-cluster:Connect', 'kafka-cluster:WriteDataIdempotently'], resources: [CLUSTER] },
    {
      actions: ['kafka-cluster:DescribeTopic', 'kafka-cluster:WriteData'],
      resources: [`${KAFKA}:topic/${CLUSTER_PATH}/order-events`],
    },
    vpcDescribe,
    vpcInterfaces,
  ],
  getOrder: [logs('getOrder'), { actions: ['dynamodb:GetItem'], resources: [table('orders')] }],
  unmatchedRoute: [logs('unmatchedRoute')],
  notify: [
    logs('notify'),
    { actions: ['dynamodb:GetItem', 'dynamodb:PutItem'], resources: [table('notifications')] },
    {
      actions: ['ses:SendEmail'],
      resources: [`arn:aws:ses:${ACCOUNT}:identity/orders.example.com`],
      condition: { StringEquals: { 'ses:FromAddress': 'no-reply@orders.example.com' } },
    },
    { actions: ['kafka:DescribeClusterV2', 'kafka:GetBootstrapBrokers'], resources: [CLUSTER] },
    {
      actions: [
        'kafka-cluster:Connect',
        'kafka-cluster:DescribeClusterDynamicConfiguration',
        'kafka-cluster:WriteDataIdempotently',
      ],
      resources: [CLUSTER],
    },
    {
      actions: ['kafka-cluster:DescribeTopic', 'kafka-cluster:ReadData'],
      resources: [`${KAFKA}:topic/${CLUSTER_PATH}/order-events`],
    },
    {
      actions: ['kafka-cluster:AlterGroup', 'kafka-cluster:DescribeGroup'],
      resources: [`${KAFKA}:group/${CLUSTER_PATH}/notification-service-group`],
    },
    {
      actions: ['kafka-cluster:DescribeTopic', 'kafka-cluster:WriteData'],
      resources: [`${KAFKA}:topic/${CLUSTER_PATH}/order-events.dlq`],
    },
    vpcDescribe,
    { actions: ['ec2:DescribeSecurityGroups', 'ec2:DescribeVpcs'], resources: ['*'] },
    vpcInterfaces,
  ],
  orderNotifications: [
    logs('orderNotifications'),
    { actions: ['dynamodb:Query'], resources: [`${table('notifications')}/index/byOrder`] },
  ],
  // What notify's mapping needs to read order-events, in its own group; no SES, nothing of notify's table.
  analytics: [
    logs('analytics'),
    { actions: ['dynamodb:PutItem', 'dynamodb:UpdateItem'], resources: [table('analytics')] },
    { actions: ['kafka:DescribeClusterV2', 'kafka:GetBootstrapBrokers'], resources: [CLUSTER] },
    {
      actions: [
        'kafka-cluster:Connect',
        'kafka-cluster:DescribeClusterDynamicConfiguration',
        'kafka-cluster:WriteDataIdempotently',
      ],
      resources: [CLUSTER],
    },
    {
      actions: ['kafka-cluster:DescribeTopic', 'kafka-cluster:ReadData'],
      resources: [`${KAFKA}:topic/${CLUSTER_PATH}/order-events`],
    },
    {
      actions: ['kafka-cluster:AlterGroup', 'kafka-cluster:DescribeGroup'],
      resources: [`${KAFKA}:group/${CLUSTER_PATH}/analytics-service-group`],
    },
    {
      actions: ['kafka-cluster:DescribeTopic', 'kafka-cluster:WriteData'],
      resources: [`${KAFKA}:topic/${CLUSTER_PATH}/order-events.dlq`],
    },
    vpcDescribe,
    { actions: ['ec2:DescribeSecurityGroups', 'ec2:DescribeVpcs'], resources: ['*'] },
    vpcInterfaces,
  ],
  dailyReport: [logs('dailyReport'), { actions: ['dynamodb:Query'], resources: [table('analytics')] }],
  customerTotals: [logs('customerTotals'), { actions: ['dynamodb:Query'], resources: [table('analytics')] }],
};

/** The logical id of the role a function runs with, from its `Fn::GetAtt [<role>, Arn]`. */
function roleOf(t: Template, functionName: string): string {
  const fn = Object.values(t.Resources).find(
    (resource) =>
      resource.Type === 'AWS::Lambda::Function' &&
      resource.Properties.FunctionName === `order-system-prod-${functionName}`,
  );
  const role = fn?.Properties.Role as { 'Fn::GetAtt'?: [string, string] } | undefined;
  if (!role?.['Fn::GetAtt']) throw new Error(`function ${functionName} has no role of its own`);
  return role['Fn::GetAtt'][0];
}

function grantsOf(t: Template, roleId: string): Grant[] {
  const policies = t.Resources[roleId]!.Properties.Policies as { PolicyDocument: { Statement: unknown[] } }[];
  return policies.flatMap(({ PolicyDocument }) =>
    PolicyDocument.Statement.map((raw) => {
      const statement = evaluate(t, raw) as {
        Effect: string;
        Action: string | string[];
        Resource: string | string[];
        Condition?: unknown;
      };
      expect(statement.Effect).toBe('Allow');
      return {
        actions: [statement.Action].flat().sort(),
        resources: [statement.Resource].flat().sort(),
        ...(statement.Condition ? { condition: statement.Condition } : {}),
      };
    }),
  );
}

describe('IAM in the packaged template', () => {
  it('gives each function a role of its own, and creates no shared one', () => {
    const roles = Object.keys(EXPECTED).map((fn) => roleOf(template, fn));

    expect(new Set(roles).size).toBe(Object.keys(EXPECTED).length);
    expect(resourcesOfType(template, 'AWS::Lambda::Function')).toHaveLength(Object.keys(EXPECTED).length);
    expect(template.Resources.IamRoleLambdaExecution).toBeUndefined();
  });

  it.each(Object.keys(EXPECTED))('%s runs with exactly the statements it needs', (fn) => {
    expect(grantsOf(template, roleOf(template, fn))).toEqual(EXPECTED[fn]);
  });

  it('lets only Lambda assume the roles', () => {
    for (const [, role] of resourcesOfType(template, 'AWS::IAM::Role')) {
      expect(role.Properties.AssumeRolePolicyDocument).toEqual({
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' },
        ],
      });
      expect(role.Properties.ManagedPolicyArns).toBeUndefined();
    }
  });

  it('grants no wildcard action, and every resource only to EC2 Describe calls, which need it', () => {
    const grants = resourcesOfType(template, 'AWS::IAM::Role').flatMap(([id]) => grantsOf(template, id));

    for (const grant of grants) {
      for (const action of grant.actions) expect(action).not.toMatch(/\*/);
      if (grant.resources.includes('*'))
        for (const action of grant.actions) expect(action).toMatch(/^ec2:Describe/);
    }
  });
});
