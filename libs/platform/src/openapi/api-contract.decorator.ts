import { applyDecorators, RequestMethod, type Type } from '@nestjs/common';
import {
  HTTP_CODE_METADATA,
  METHOD_METADATA,
  PATH_METADATA,
  ROUTE_ARGS_METADATA,
} from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import {
  ApiExtension,
  ApiExtraModels,
  ApiOperation,
  ApiResponse,
  getSchemaPath,
} from '@nestjs/swagger';
import { rolesMetadata } from '../auth/auth.decorators';
import { rolesPermitted, type Role } from '../auth/roles';
import { errorStatusDescriptions, errorStatusesOf } from './error-statuses';
import { problemResponseContent } from './problem.schema';

export interface ApiContractOptions {
  /** A verb and a noun, as a generated client names the call: `issueInvoice`. */
  operationId: string;
  /** One line: what the operation does. */
  summary: string;
  description?: string;
  /**
   * The view class of the success answer (`[View]` for a list, `{ oneOf: [A, B] }` when the
   * answer takes one of several shapes); none for an empty answer.
   */
  response?: Type<unknown> | [Type<unknown>] | { oneOf: Type<unknown>[] };
  /**
   * The success answer's media type when it is not JSON (a `PdfFile`): the answer is then a
   * binary body of that type, and `response` is left out.
   */
  media?: 'application/pdf';
  /** What the success answer is, in words. Default: the summary's object. */
  responseDescription?: string;
  /** Other success statuses with the same answer (e.g. 202 when a request awaits approval). */
  otherAnswers?: Array<{ status: number; description: string }>;
  /** The problem statuses the operation can answer, when they differ from the route's defaults. */
  errors?: number[];
}

/**
 * The route's contract in the OpenAPI document: its operationId and summary, the roles it needs
 * (read from `@Roles`, in the description and as `x-required-roles`), its success answer (status
 * from `@HttpCode`, schema from the view class) and only the problems it can answer. Put it above
 * the route's other decorators, which it reads.
 */
export function ApiContract(options: ApiContractOptions): MethodDecorator {
  return (target, key, descriptor) => {
    const handler = descriptor.value as unknown as object;
    const requestMethod = Reflect.getMetadata(METHOD_METADATA, handler) as
      RequestMethod | undefined;
    if (requestMethod === undefined) {
      throw new Error(
        `@ApiContract on ${target.constructor.name}.${String(key)} must sit above its route decorator`,
      );
    }
    const method = RequestMethod[requestMethod];
    const listed =
      (Reflect.getMetadata(rolesMetadata, handler) as Role[] | undefined) ??
      (Reflect.getMetadata(rolesMetadata, target.constructor) as Role[] | undefined);
    const roles = rolesPermitted(listed, method);
    const status =
      (Reflect.getMetadata(HTTP_CODE_METADATA, handler) as number | undefined) ??
      (method === 'POST' ? 201 : 200);
    const errors = options.errors ?? errorStatusesOf(routeShape(target, key, handler, method));
    // A route's own @ApiOperation description (written before contracts) stays its description.
    const described = Reflect.getMetadata('swagger/apiOperation', handler) as
      { description?: string } | undefined;
    const description = [
      options.description ?? described?.description,
      `Roles: ${roles.join(', ')} (any one).`,
    ]
      .filter(Boolean)
      .join('\n\n');
    const answer = options.media ? binaryAnswer(options.media) : answerOf(options.response);
    return applyDecorators(
      ...(answer.models.length > 0 ? [ApiExtraModels(...answer.models)] : []),
      ApiOperation({ operationId: options.operationId, summary: options.summary, description }),
      ApiExtension('x-required-roles', roles),
      ApiResponse({
        status,
        description: options.responseDescription ?? options.summary,
        ...answer.shape,
      }),
      ...(options.otherAnswers ?? []).map((other) =>
        ApiResponse({
          status: other.status,
          description: other.description,
          ...answer.shape,
        }),
      ),
      ...errors.map((error) =>
        ApiResponse({
          status: error,
          description: errorStatusDescriptions[error] ?? 'Problem',
          content: problemResponseContent,
        }),
      ),
    )(target, key, descriptor);
  };
}

function binaryAnswer(media: string) {
  return {
    shape: { content: { [media]: { schema: { type: 'string', format: 'binary' } } } },
    models: [],
  };
}

/** How @nestjs/swagger is told the answer's schema: its class, or a `oneOf` of class references. */
function answerOf(response: ApiContractOptions['response']): {
  shape: { type?: Type<unknown> | [Type<unknown>]; schema?: Record<string, unknown> };
  models: Type<unknown>[];
} {
  if (response === undefined) return { shape: {}, models: [] };
  if (Array.isArray(response) || typeof response === 'function')
    return { shape: { type: response }, models: [] };
  return {
    shape: { schema: { oneOf: response.oneOf.map((model) => ({ $ref: getSchemaPath(model) })) } },
    models: response.oneOf,
  };
}

function routeShape(target: object, key: string | symbol, handler: object, method: string) {
  const args = Object.keys(
    (Reflect.getMetadata(ROUTE_ARGS_METADATA, target.constructor, key) as object | undefined) ?? {},
  );
  const takes = (type: RouteParamtypes) => args.some((arg) => arg.startsWith(`${type}:`));
  const path = String(Reflect.getMetadata(PATH_METADATA, handler) ?? '');
  return {
    method,
    pathParameters: path.includes(':') || takes(RouteParamtypes.PARAM),
    body: takes(RouteParamtypes.BODY),
    query: takes(RouteParamtypes.QUERY),
  };
}
