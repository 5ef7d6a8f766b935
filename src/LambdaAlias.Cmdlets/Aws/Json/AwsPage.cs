using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;

namespace LambdaAlias
{
    /// <summary>One page of a paginated list operation. <see cref="NextToken"/> is the opaque token for the next page
    /// (API Gateway <c>position</c>, API Gateway v2 <c>nextToken</c>, Lambda <c>NextMarker</c>), null on the last page.</summary>
    public sealed class AwsPage<T>
    {
        public AwsPage(IReadOnlyList<T> items, string nextToken)
        {
            Items = items ?? Array.Empty<T>();
            NextToken = string.IsNullOrEmpty(nextToken) ? null : nextToken;
        }

        public IReadOnlyList<T> Items { get; }
        public string NextToken { get; }
        public bool IsLastPage => NextToken == null;
    }

    /// <summary>Turns a page fetcher into an async stream.</summary>
    public static class AwsPaginator
    {
        /// <summary>Streams every item, fetching the next page only when the consumer reaches it. A server that hands
        /// back a token it already gave would loop forever; that is reported as an error instead.</summary>
        public static async IAsyncEnumerable<T> Enumerate<T>(
            Func<string, CancellationToken, Task<AwsPage<T>>> fetchPage,
            string operation,
            [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            var seenTokens = new HashSet<string>(StringComparer.Ordinal);
            string token = null;
            do
            {
                cancellationToken.ThrowIfCancellationRequested();
                var page = await fetchPage(token, cancellationToken).ConfigureAwait(false);
                foreach (var item in page.Items) yield return item;
                token = page.NextToken;
                if (token != null && !seenTokens.Add(token))
                {
                    throw new AwsServiceException("PaginationLoop",
                        $"{operation} returned the same pagination token twice; stopping instead of looping forever.", 0, null, operation);
                }
            }
            while (token != null);
        }

        /// <summary>Reads a whole stream into a list, for callers that need everything at once. (Not named ToListAsync, which
        /// .NET 10's System.Linq.AsyncEnumerable also defines.)</summary>
        public static async Task<List<T>> CollectAsync<T>(this IAsyncEnumerable<T> source, CancellationToken cancellationToken = default)
        {
            var list = new List<T>();
            var enumerator = source.GetAsyncEnumerator(cancellationToken);
            try
            {
                while (await enumerator.MoveNextAsync().ConfigureAwait(false)) list.Add(enumerator.Current);
            }
            finally
            {
                await enumerator.DisposeAsync().ConfigureAwait(false);
            }
            return list;
        }
    }
}
