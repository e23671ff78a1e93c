import {
  Badge,
  Button,
  Card,
  Group,
  Paper,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { IconPackage, IconPlus, IconSearch } from '@tabler/icons-react';
import { type KeyboardEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { formatCents } from '../../lib/money';
import { oneOf, pageParam, useDebouncedInput, useSearchParamsUpdate } from '../../lib/url-state';
import { ListPagination } from '../../ui/ListPagination';
import { EmptyList, ListSkeleton } from '../../ui/ListStates';
import { usePageTitle } from '../../ui/PageTitle';
import { QueryError } from '../../ui/QueryError';
import { useMe } from '../auth/auth.api';
import { useProductCategories, useProducts } from './billing.api';
import {
  type ArchivedFilter,
  archivedFilters,
  type Product,
  type ProductListParams,
  type ProductSort,
  productSorts,
} from './billing.types';
import { PriceFilterInput } from './PriceFilterInput';
import { ProductFormModal } from './ProductFormModal';

const perPage = 25;

/** A price bound in the URL: cents, as the API takes them. */
function centsParam(value: string | null): string | undefined {
  return value !== null && /^\d{1,13}$/.test(value) ? value : undefined;
}

const asCents = (value: string | undefined) => (value === undefined ? undefined : Number(value));

/** The list's state lives in the URL: back, reload and shared links keep it. */
function useListParams() {
  const [params] = useSearchParams();
  const state: ProductListParams = {
    q: params.get('q') ?? undefined,
    category: params.get('category') ?? undefined,
    min_price: centsParam(params.get('min_price')),
    max_price: centsParam(params.get('max_price')),
    sort: oneOf<ProductSort>(productSorts, params.get('sort')) ?? 'name',
    archived: oneOf<ArchivedFilter>(archivedFilters, params.get('archived')) ?? 'exclude',
    page: pageParam(params),
    per_page: perPage,
  };
  const update = useSearchParamsUpdate<keyof ProductListParams>({ sort: 'name', archived: 'exclude' });
  return [state, update] as const;
}

/** The catalog: search, category, price range, sort; create, edit and archive in a modal. */
export function CatalogPage() {
  const { t, i18n } = useTranslation();
  usePageTitle(t('catalog.title'));
  const role = useMe().data?.user?.role;
  const canWrite = role === 'admin' || role === 'staff';
  const [params, update] = useListParams();
  const minCents = asCents(params.min_price);
  const maxCents = asCents(params.max_price);
  const rangeError = minCents !== undefined && maxCents !== undefined && minCents > maxCents;
  // A range upside down is said beside the maximum, and not asked of the server.
  const list = useProducts(rangeError ? { ...params, max_price: undefined } : params);
  const categories = useProductCategories();
  const isPhone = useMediaQuery('(max-width: 48em)', false, { getInitialValueInEffect: false });
  const [search, setSearch] = useDebouncedInput(params.q, (q) => update({ q }), 250);
  const [editing, setEditing] = useState<Product | 'new' | null>(null);

  const rows = list.data?.data ?? [];
  const pagination = list.data?.pagination;
  const filtered = !!(
    params.q ||
    params.category ||
    params.min_price !== undefined ||
    params.max_price !== undefined
  );
  const price = (product: Product) => formatCents(product.price_cents, product.currency, i18n.language);

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-start">
        <div>
          <Title order={1} size="h2">
            {t('catalog.title')}
          </Title>
          <Text c="dimmed" size="sm">
            {t('catalog.subtitle')}
          </Text>
        </div>
        {canWrite && (
          <Button
            leftSection={<IconPlus size={16} />}
            onClick={() => setEditing('new')}
            data-testid="new-product"
          >
            {t('catalog.new')}
          </Button>
        )}
      </Group>

      <Paper withBorder p="sm" radius="md">
        <Stack gap="xs">
          <TextInput
            type="search"
            aria-label={t('catalog.searchLabel')}
            placeholder={t('catalog.searchPlaceholder')}
            leftSection={<IconSearch size={16} />}
            value={search}
            onChange={(event) => setSearch(event.currentTarget.value)}
            data-testid="catalog-search"
          />
          <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="xs">
            <Select
              size="sm"
              aria-label={t('catalog.fields.category')}
              placeholder={t('catalog.anyCategory')}
              clearable
              searchable
              data={(categories.data?.data ?? []).map((item) => ({
                value: item.category,
                label: `${item.category} (${item.count})`,
              }))}
              value={params.category ?? null}
              onChange={(value) => update({ category: value ?? undefined })}
              data-testid="category-filter"
            />
            <Select
              size="sm"
              aria-label={t('catalog.sort.label')}
              allowDeselect={false}
              data={productSorts.map((value) => ({ value, label: t(`catalog.sort.${value}`) }))}
              value={params.sort ?? 'name'}
              onChange={(value) => update({ sort: value ?? undefined })}
            />
            <PriceFilterInput
              label={t('catalog.minPrice')}
              cents={minCents}
              onChange={(cents) => update({ min_price: cents })}
            />
            <PriceFilterInput
              label={t('catalog.maxPrice')}
              cents={maxCents}
              error={rangeError ? t('catalog.errors.range') : undefined}
              onChange={(cents) => update({ max_price: cents })}
            />
          </SimpleGrid>
          <SegmentedControl
            size="xs"
            style={{ alignSelf: 'flex-start' }}
            data={archivedFilters.map((value) => ({ value, label: t(`catalog.archivedFilter.${value}`) }))}
            value={params.archived ?? 'exclude'}
            onChange={(value) => update({ archived: value })}
          />
        </Stack>
      </Paper>

      {list.isError && <QueryError error={list.error} onRetry={() => void list.refetch()} />}

      <section aria-label={t('catalog.listLabel')} aria-busy={list.isFetching}>
        {list.isPending ? (
          <ListSkeleton rows={3} height={48} />
        ) : rows.length === 0 && !list.isError ? (
          <EmptyList
            icon={IconPackage}
            testId="catalog-empty"
            message={filtered ? t('catalog.emptyFiltered') : t('catalog.empty')}
          />
        ) : isPhone ? (
          <Stack gap="xs">
            {rows.map((product) => (
              <Card key={product.id} withBorder padding="sm" radius="md" {...rowProps(product, setEditing)}>
                <Group justify="space-between" wrap="nowrap" gap="xs" align="flex-start">
                  <div style={{ minWidth: 0 }}>
                    <Text fw={600} size="sm" lineClamp={2}>
                      {product.name}
                    </Text>
                    <Text size="xs" c="dimmed" ff="monospace">
                      {product.sku}
                    </Text>
                  </div>
                  <Text fw={600} size="sm" style={{ whiteSpace: 'nowrap' }}>
                    {price(product)}
                  </Text>
                </Group>
                <Group gap={6} mt={6}>
                  {product.category && <Badge variant="light">{product.category}</Badge>}
                  <Text size="xs" c="dimmed">
                    {t(`catalog.per.${product.unit}`)}
                  </Text>
                  {product.archived_at && <Badge color="gray">{t('catalog.archivedBadge')}</Badge>}
                </Group>
              </Card>
            ))}
          </Stack>
        ) : (
          <Paper withBorder radius="md" className="table-scroll">
            <Table highlightOnHover verticalSpacing="sm" miw={760}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('catalog.fields.sku')}</Table.Th>
                  <Table.Th>{t('catalog.fields.name')}</Table.Th>
                  <Table.Th>{t('catalog.fields.category')}</Table.Th>
                  <Table.Th ta="right">{t('catalog.fields.price')}</Table.Th>
                  <Table.Th ta="right">{t('catalog.columns.sold')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((product) => (
                  <Table.Tr key={product.id} {...rowProps(product, setEditing)}>
                    <Table.Td>
                      <Text size="sm" ff="monospace">
                        {product.sku}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Group gap={6} wrap="nowrap">
                        <Text size="sm" fw={500}>
                          {product.name}
                        </Text>
                        {product.archived_at && <Badge color="gray">{t('catalog.archivedBadge')}</Badge>}
                        {!product.taxable && <Badge variant="outline">{t('catalog.untaxedBadge')}</Badge>}
                      </Group>
                      {product.description && (
                        <Text size="xs" c="dimmed" lineClamp={1} maw={360}>
                          {product.description}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{product.category ?? '—'}</Text>
                    </Table.Td>
                    <Table.Td ta="right">
                      <Text size="sm" fw={500}>
                        {price(product)}
                      </Text>
                      <Text size="xs" c="dimmed">
                        {t(`catalog.per.${product.unit}`)}
                      </Text>
                    </Table.Td>
                    <Table.Td ta="right">
                      <Text size="sm">{product.times_sold}</Text>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Paper>
        )}
      </section>

      {pagination && (
        <Text size="sm" c="dimmed" data-testid="catalog-total">
          {pagination.total_is_exact === false
            ? t('catalog.totalAtLeast', { count: pagination.total })
            : t('catalog.total', { count: pagination.total })}
        </Text>
      )}
      {pagination && (
        <ListPagination
          pagination={pagination}
          label={t('customers.pageOf', { page: pagination.page, pages: pagination.pages })}
          onChange={(page) => update({ page })}
        />
      )}

      {editing && (
        <ProductFormModal
          key={editing === 'new' ? 'new' : editing.id}
          opened
          product={editing === 'new' ? undefined : editing}
          canWrite={canWrite}
          onClose={() => setEditing(null)}
        />
      )}
    </Stack>
  );
}

function rowProps(product: Product, open: (product: Product) => void) {
  return {
    tabIndex: 0,
    role: 'button',
    'aria-label': `${product.sku} · ${product.name}`,
    className: 'clickable-row',
    'data-testid': 'product-row',
    onClick: () => open(product),
    onKeyDown: (event: KeyboardEvent<HTMLElement>) => {
      if (event.key === 'Enter' || event.key === ' ') {
        event.preventDefault();
        open(product);
      }
    },
  };
}
