using System.Data;
using Dapper;
using NetTopologySuite.Geometries;
using Npgsql;

namespace Closient.ServiceDefaults.Data;

/// <summary>Dapper settings shared by every service: snake_case columns, NTS geometries, UTC timestamps.</summary>
public static class DapperConventions
{
    static int _applied;

    public static void Apply()
    {
        if (Interlocked.Exchange(ref _applied, 1) == 1) return;
        DefaultTypeMap.MatchNamesWithUnderscores = true;
        SqlMapper.AddTypeHandler(new GeometryHandler<Point>());
        SqlMapper.AddTypeHandler(new GeometryHandler<Polygon>());
        SqlMapper.AddTypeHandler(new UtcDateTimeOffsetHandler());
    }

    /// <summary>Npgsql maps NTS types itself; Dapper only needs to be told to pass them through.</summary>
    sealed class GeometryHandler<T> : SqlMapper.TypeHandler<T> where T : Geometry
    {
        public override void SetValue(IDbDataParameter parameter, T? value)
        {
            parameter.Value = (object?)value ?? DBNull.Value;
            if (parameter is NpgsqlParameter p) p.DataTypeName = "geography";
        }

        public override T? Parse(object value) => value as T;
    }

    /// <summary>Npgsql writes <c>timestamptz</c> only from UTC values; convert on the way in.</summary>
    sealed class UtcDateTimeOffsetHandler : SqlMapper.TypeHandler<DateTimeOffset>
    {
        public override void SetValue(IDbDataParameter parameter, DateTimeOffset value) => parameter.Value = value.ToUniversalTime();

        public override DateTimeOffset Parse(object value) => value switch
        {
            DateTime dt => new DateTimeOffset(DateTime.SpecifyKind(dt, DateTimeKind.Utc)),
            DateTimeOffset dto => dto,
            _ => throw new DataException($"Cannot read {value.GetType().Name} as a timestamp."),
        };
    }
}
