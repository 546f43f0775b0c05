{#- Reloaded only when one of its inputs changes (decision D713). -#}
{{ config(**small_source_config('orders')) }}

{%- set version = raw_source_version('orders') %}
{%- set reloaded = source_reloaded(version) %}

with

raw as (

    select * from {{ raw_source('orders', read=reloaded) }}

),

order_status_aliases as (

    select * from {{ ref('order_status_aliases') }}

),

parsed as (

    select
        {{ raw_columns('orders') }},
        {{ row_hash(raw_source_contract()['orders']['columns']) }} as row_hash,
        {{ clean_text('raw.order_id') }} as order_id,
        {{ clean_text('raw.customer_id') }} as customer_id,
        {{ parse_timestamp('raw.ordered_at') }} as ordered_at,
        {{ mapped_enum(enum_key('raw.status'), 'order_status_aliases.canonical') }}
            as order_status,
        {{ parse_number('raw.amount') }} as amount,
        {#- A missing currency means base_currency (decision D401). -#}
        coalesce(
            upper({{ clean_text('raw.currency') }}),
            {{ sql_string_literal(var('base_currency') | upper) }}
        ) as currency
    from raw
    left join order_status_aliases
        on {{ enum_key('raw.status') }} = order_status_aliases.alias

),

validated as (

    select
        *,
        {{ first_failing_check(
            [
                (clean_text('raw_order_id') ~ ' is null', 'missing_order_id'),
                (clean_text('raw_customer_id') ~ ' is null', 'missing_customer_id'),
            ]
            + timestamp_checks('ordered_at')
            + [
                (clean_text('raw_status') ~ ' is null', 'missing_status'),
                ("order_status = 'other'", 'unknown_status'),
            ]
            + number_checks('amount', non_negative=true)
            + [
                (
                    'currency <> ' ~ sql_string_literal(var('base_currency') | upper),
                    'currency_mismatch'
                ),
            ]
        ) }} as rejection_reason,
        {#- Deduplication prefers a refunded or cancelled copy over a completed one
            (SPEC §2). -#}
        case when order_status = 'completed' then 1 else 0 end as status_rank
    from parsed

),

ranked as (

    select
        *,
        {{ keep_rank(['order_id'], 'ordered_at, status_rank, row_hash') }}
            as keep_rank
    from validated

)

select
    *,
    coalesce(keep_rank > 1, false) as is_duplicate,
    {{ source_version_value(version) }} as source_version
from ranked
