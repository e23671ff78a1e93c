import { Group, Loader, Select, Stack, Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconCategory, IconSearch } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatCents } from '../../../lib/money';
import { useProductCategories, useProducts } from '../billing.api';
import type { Product } from '../billing.types';

/** What a customer of this price level pays (as the server's getProductForPriceLevel). */
export function priceForLevel(product: Product, priceLevel: string | null): number {
  return (priceLevel === null ? undefined : product.prices[priceLevel]) ?? product.price_cents;
}

/**
 * Adds catalog products as lines: type part of a name or SKU (accents and case do not matter),
 * narrow by category, arrows and Enter add the product at the customer's price level. The box
 * empties itself for the next one.
 */
export function ProductPicker({
  priceLevel,
  onAdd,
  disabled,
}: {
  priceLevel: string | null;
  onAdd: (product: Product, unitPriceCents: number) => void;
  disabled?: boolean;
}) {
  const { t, i18n } = useTranslation();
  const [search, setSearch] = useState('');
  const [category, setCategory] = useState<string | null>(null);
  const [debounced] = useDebouncedValue(search.trim(), 200);
  const products = useProducts({
    q: debounced || undefined,
    category: category ?? undefined,
    sort: debounced ? 'name' : 'popularity',
    per_page: 20,
  });
  const categories = useProductCategories();
  const byId = new Map((products.data?.data ?? []).map((product) => [product.id, product]));
  const price = (product: Product) =>
    formatCents(priceForLevel(product, priceLevel), product.currency, i18n.language);

  return (
    <Group gap="xs" align="flex-start" wrap="wrap">
      <Select
        style={{ flex: '1 1 280px' }}
        searchable
        disabled={disabled}
        aria-label={t('invoices.editor.addProduct')}
        placeholder={t('invoices.editor.addProductPlaceholder')}
        leftSection={<IconSearch size={16} />}
        rightSection={products.isFetching ? <Loader size={14} /> : undefined}
        data={[...byId.values()].map((product) => ({
          value: product.id,
          label: `${product.name} · ${product.sku}`,
        }))}
        // The server searched (accents, SKU, description): nothing is filtered again here.
        filter={({ options }) => options}
        value={null}
        searchValue={search}
        onSearchChange={setSearch}
        onChange={(id) => {
          const product = id ? byId.get(id) : undefined;
          if (!product) return;
          onAdd(product, priceForLevel(product, priceLevel));
          setSearch('');
        }}
        nothingFoundMessage={products.isFetching ? t('common.loading') : t('invoices.editor.noProduct')}
        maxDropdownHeight={320}
        comboboxProps={{ withinPortal: true }}
        renderOption={({ option }) => {
          const product = byId.get(option.value);
          if (!product) return option.label;
          return (
            <Group justify="space-between" wrap="nowrap" w="100%" gap="xs">
              <Stack gap={0} style={{ minWidth: 0 }}>
                <Text size="sm" truncate>
                  {product.name}
                </Text>
                <Text size="xs" c="dimmed" ff="monospace" truncate>
                  {product.sku}
                  {product.category ? ` · ${product.category}` : ''}
                </Text>
              </Stack>
              <Stack gap={0} align="flex-end">
                <Text size="sm" fw={600} style={{ whiteSpace: 'nowrap' }}>
                  {price(product)}
                </Text>
                <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
                  {t(`catalog.per.${product.unit}`)}
                </Text>
              </Stack>
            </Group>
          );
        }}
        data-testid="product-picker"
      />
      <Select
        style={{ flex: '0 1 220px' }}
        clearable
        searchable
        disabled={disabled}
        aria-label={t('catalog.fields.category')}
        placeholder={t('catalog.anyCategory')}
        leftSection={<IconCategory size={16} />}
        data={(categories.data?.data ?? []).map((item) => ({
          value: item.category,
          label: `${item.category} (${item.count})`,
        }))}
        value={category}
        onChange={setCategory}
        data-testid="product-category"
      />
    </Group>
  );
}
