{#- Reloaded only when one of its inputs changes (decision D713). -#}
{{ config(**small_source_config('customers')) }}

{%- set version = raw_source_version('customers') %}
{%- set reloaded = source_reloaded(version) %}

with

raw as (

    select * from {{ raw_source('customers', read=reloaded) }}

),

acquisition_channel_aliases as (

    select * from {{ ref('acquisition_channel_aliases') }}

),

parsed as (

    select
        {{ raw_columns('customers') }},
        {{ row_hash(raw_source_contract()['customers']['columns']) }} as row_hash,
        {{ clean_text('raw.customer_id') }} as customer_id,
        {{ parse_timestamp('raw.signed_up_at') }} as signed_up_at,
        upper({{ clean_text('raw.country') }}) as country,
        coalesce({{ snake_case('raw.segment') }}, 'unknown') as customer_segment,
        {{ mapped_enum(
            enum_key('raw.acquisition_channel'),
            'acquisition_channel_aliases.canonical'
        ) }} as acquisition_channel
    from raw
    left join acquisition_channel_aliases
        on {{ enum_key('raw.acquisition_channel') }} = acquisition_channel_aliases.alias

),

validated as (

    select
        *,
        {{ first_failing_check(
            [(clean_text('raw_customer_id') ~ ' is null', 'missing_customer_id')]
            + timestamp_checks('signed_up_at', required=false)
        ) }} as rejection_reason
    from parsed

),

ranked as (

    select
        *,
        {{ keep_rank(['customer_id'], 'signed_up_at nulls last, row_hash') }}
            as keep_rank
    from validated

)

select
    *,
    coalesce(keep_rank > 1, false) as is_duplicate,
    {{ source_version_value(version) }} as source_version
from ranked
