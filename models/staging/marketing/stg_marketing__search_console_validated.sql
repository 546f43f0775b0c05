{#- Reloaded only when one of its inputs changes (decision D713). -#}
{{ config(**small_source_config('search_console')) }}

{%- set version = raw_source_version('search_console') %}
{%- set reloaded = source_reloaded(version) %}

with

raw as (

    select * from {{ raw_source('search_console', read=reloaded) }}

),

device_type_aliases as (

    select * from {{ ref('device_type_aliases') }}

),

parsed as (

    select
        {{ raw_columns('search_console') }},
        {{ row_hash(raw_source_contract()['search_console']['columns']) }} as row_hash,
        {{ parse_date('raw.date') }} as report_date,
        {{ clean_text('raw.page') }} as page,
        {{ clean_text('raw.query') }} as query,
        {{ mapped_enum(enum_key('raw.device'), 'device_type_aliases.canonical') }}
            as device,
        upper({{ clean_text('raw.country') }}) as country,
        {{ parse_number('raw.clicks') }} as clicks,
        {{ parse_number('raw.impressions') }} as impressions,
        {#- `position` is the contract's column name, which number_checks() reads;
            sqlfluff lists it as a keyword, DuckDB and PostgreSQL accept it. -#}
        {{ parse_number('raw.position') }} as position  -- noqa: RF04
    from raw
    left join device_type_aliases
        on {{ enum_key('raw.device') }} = device_type_aliases.alias

),

validated as (

    select
        *,
        {{ first_failing_check(
            date_checks('date', 'report_date')
            + number_checks('clicks', integer=true, non_negative=true,
                             max_value=max_count())
            + number_checks('impressions', integer=true, non_negative=true,
                             max_value=max_count())
            + number_checks('position')
            + [
                ('clicks > impressions', 'clicks_exceed_impressions'),
                ('position < 1', 'position_below_one'),
            ]
        ) }} as rejection_reason
    from parsed

),

ranked as (

    select
        *,
        {{ keep_rank(
            ['report_date', 'page', 'query', 'device', 'country'], 'row_hash'
        ) }} as keep_rank
    from validated

)

select
    *,
    coalesce(keep_rank > 1, false) as is_duplicate,
    {{ source_version_value(version) }} as source_version
from ranked
