-- snake_case (event names, decision D9), enum_key (decision D8), url_path (D14) and
-- url_host on literal values.

with

cases as (

    select literal_cases.* from (
        values
        ('snake_case', 'Page View', 'page_view'),
        ('snake_case', ' PAGE-VIEW ', 'page_view'),
        ('snake_case', 'Sign Up!', 'sign_up'),
        ('snake_case', '   ', null),
        ('enum_key', ' ' || chr(9) || 'Live Chat' || chr(10), 'live_chat'),
        ('enum_key', 'Live Chat', 'live_chat'),
        ('enum_key', ' E-mail ', 'e_mail'),
        ('enum_key', 'Mobile  Phone', 'mobile_phone'),
        ('url_path', 'https://Shop.example/Blog/Post-1?x=1#top', '/blog/post-1'),
        ('url_path', 'https://shop.example', '/'),
        ('url_path', 'https://shop.example/docs/', '/docs'),
        ('url_path', '/Pricing?plan=pro', '/pricing'),
        ('url_host', 'https://www.Google.com/search?q=x', 'google.com'),
        ('url_host', 'http://m.facebook.com:443/path', 'm.facebook.com'),
        ('url_host', '', null)
    ) as literal_cases (macro_name, raw_value, expected)

),

normalised as (

    select
        macro_name,
        raw_value,
        expected,
        case macro_name
            when 'snake_case' then {{ snake_case('raw_value') }}
            when 'enum_key' then {{ enum_key('raw_value') }}
            when 'url_path' then {{ url_path('raw_value') }}
            when 'url_host' then {{ url_host('raw_value') }}
        end as actual
    from cases

)

select
    macro_name,
    raw_value,
    expected,
    actual
from normalised
where not ((actual is null and expected is null) or actual = expected)
